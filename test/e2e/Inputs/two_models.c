/* two_models.c - two Riffle models in one program, called from two threads.
 *
 *   cc -I A_DIR -I B_DIR two_models.c a.(a|so) b.(a|so) riffle_runtime.(a|so)
 *      -lpthread -ldl -lm
 *   ./two_models IN_A.f32 OUT_A.f32 IN_B.f32 OUT_B.f32
 *
 * Models `a` and `b` (rifflec --no-runtime --name a / --name b) share the
 * Halide runtime of riffle_runtime (rifflec --emit=runtime). The program
 *  1. runs each model once on its input and writes the outputs (the test
 *     compares them with PyTorch's);
 *  2. shows the runtime is one: a_set_num_threads(3) is the previous value
 *     b_set_num_threads sees;
 *  3. calls a_run from two threads at once, CALLS times each on different
 *     inputs, and checks every result is bit-identical to a serial call;
 *  4. while one thread passes a NULL output (an error), the other calls a
 *     correctly: the first thread's a_last_error() names the argument, the
 *     second's stays empty, and b_last_error() is untouched.
 * Prints one line per check and PASS; exit 1 on any failure.
 */
#include "a.h"
#include "b.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CALLS 20

static int read_floats(const char *path, float *data, long count) {
  FILE *f = fopen(path, "rb");
  long n;
  int extra;
  if (!f) {
    fprintf(stderr, "error: cannot open '%s'\n", path);
    return 1;
  }
  n = (long)fread(data, sizeof(float), (size_t)count, f);
  extra = fgetc(f) != EOF;
  fclose(f);
  if (n != count || extra) {
    fprintf(stderr, "error: '%s' does not hold %ld floats\n", path, count);
    return 1;
  }
  return 0;
}

static int write_floats(const char *path, const float *data, long count) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, sizeof(float), (size_t)count, f) != (size_t)count ||
      fclose(f) != 0) {
    fprintf(stderr, "error: cannot write '%s'\n", path);
    return 1;
  }
  return 0;
}

struct worker {
  const float *in;
  const float *expected; /* a serial call's output on `in` */
  int mismatches, failures;
  int pass_null; /* step 4: pass a NULL output once */
  char error[512];
};

static void *run_worker(void *arg) {
  struct worker *w = (struct worker *)arg;
  float *out = (float *)malloc(sizeof(float) * a_OUTPUT_ELEMENTS);
  int i;
  if (w->pass_null) {
    if (a_run(w->in, NULL) == 0)
      ++w->failures;
    snprintf(w->error, sizeof w->error, "%s", a_last_error());
    free(out);
    return NULL;
  }
  for (i = 0; i < CALLS; ++i) {
    if (a_run(w->in, out) != 0) {
      ++w->failures;
      continue;
    }
    if (memcmp(out, w->expected, sizeof(float) * a_OUTPUT_ELEMENTS) != 0)
      ++w->mismatches;
  }
  snprintf(w->error, sizeof w->error, "%s", a_last_error());
  free(out);
  return NULL;
}

int main(int argc, char **argv) {
  float *in_a = malloc(sizeof(float) * a_INPUT_ELEMENTS);
  float *in_a2 = malloc(sizeof(float) * a_INPUT_ELEMENTS);
  float *out_a = malloc(sizeof(float) * a_OUTPUT_ELEMENTS);
  float *out_a2 = malloc(sizeof(float) * a_OUTPUT_ELEMENTS);
  float *in_b = malloc(sizeof(float) * b_INPUT_ELEMENTS);
  float *out_b = malloc(sizeof(float) * b_OUTPUT_ELEMENTS);
  struct worker w[2];
  pthread_t threads[2];
  int previous, i, ok = 1;
  if (argc != 5) {
    fprintf(stderr, "usage: %s IN_A OUT_A IN_B OUT_B\n", argv[0]);
    return 1;
  }
  if (read_floats(argv[1], in_a, a_INPUT_ELEMENTS) ||
      read_floats(argv[3], in_b, b_INPUT_ELEMENTS))
    return 1;

  /* 1. One call each. */
  if (a_run(in_a, out_a) != 0 || b_run(in_b, out_b) != 0) {
    fprintf(stderr, "error: %s%s\n", a_last_error(), b_last_error());
    return 1;
  }
  if (write_floats(argv[2], out_a, a_OUTPUT_ELEMENTS) ||
      write_floats(argv[4], out_b, b_OUTPUT_ELEMENTS))
    return 1;
  printf("models: a %d input(s) rank %d, b %d input(s) rank %d\n",
         a_num_inputs(), a_input_rank(0), b_num_inputs(), b_input_rank(0));

  /* 2. One runtime: the thread count set through a is b's previous one. */
  a_set_num_threads(3);
  previous = b_set_num_threads(2);
  printf("shared runtime: b_set_num_threads saw %d after a_set_num_threads(3)\n",
         previous);
  ok &= previous == 3;

  /* 3. Two threads, one model, different inputs. */
  for (i = 0; i < a_INPUT_ELEMENTS; ++i)
    in_a2[i] = 0.5f * in_a[i] + 0.25f;
  if (a_run(in_a2, out_a2) != 0)
    return 1;
  memset(w, 0, sizeof w);
  w[0].in = in_a;
  w[0].expected = out_a;
  w[1].in = in_a2;
  w[1].expected = out_a2;
  for (i = 0; i < 2; ++i)
    pthread_create(&threads[i], NULL, run_worker, &w[i]);
  for (i = 0; i < 2; ++i)
    pthread_join(threads[i], NULL);
  printf("threads: 2 x %d calls of a_run: %d failed, %d differ from the "
         "serial result\n",
         CALLS, w[0].failures + w[1].failures,
         w[0].mismatches + w[1].mismatches);
  ok &= w[0].failures + w[1].failures + w[0].mismatches + w[1].mismatches == 0;

  /* 4. Errors are per thread and per model. */
  memset(w, 0, sizeof w);
  w[0].in = in_a;
  w[0].pass_null = 1;
  w[1].in = in_a;
  w[1].expected = out_a;
  for (i = 0; i < 2; ++i)
    pthread_create(&threads[i], NULL, run_worker, &w[i]);
  for (i = 0; i < 2; ++i)
    pthread_join(threads[i], NULL);
  printf("failing thread: a_last_error=\"%s\"\n", w[0].error);
  printf("other thread: a_last_error=\"%s\" (%d failed, %d differ)\n",
         w[1].error, w[1].failures, w[1].mismatches);
  printf("b_last_error=\"%s\"\n", b_last_error());
  ok &= w[0].failures == 0 && w[0].error[0] && !w[1].error[0] &&
        w[1].failures + w[1].mismatches == 0 && !b_last_error()[0];

  free(in_a);
  free(in_a2);
  free(out_a);
  free(out_a2);
  free(in_b);
  free(out_b);
  printf(ok ? "PASS\n" : "FAIL\n");
  return ok ? 0 : 1;
}
