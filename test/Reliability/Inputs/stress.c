/* Stress test of a compiled model's plain C entry, NAME_run(const float *in,
 * float *out) (DESIGN.md), the only part of the generated API it uses:
 *
 *   1. THREADS threads call it at once, ITERS times each, on DISTINCT_INPUTS
 *      different inputs; every result must equal, bit for bit, the one a
 *      single thread computed first for the same input;
 *   2. inputs full of NaN, +-Inf, FLT_MAX, denormals and mixes of them:
 *      every call must return 0 without crashing; a NaN or Inf in the input
 *      may reach the output (the arithmetic is IEEE), but an all-finite
 *      small input must not produce a non-finite output.
 *
 *   cc -DMODEL_HEADER='"m.h"' -DMODEL_RUN=m_run stress.c m.a -lpthread -ldl
 *   ./stress IN_ELEMENTS OUT_ELEMENTS THREADS ITERS
 *
 * Prints one line per part and `stress: PASS`; exits 1 on any difference.
 */
#include MODEL_HEADER

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISTINCT_INPUTS 4

static long in_elems, out_elems;
static int iters;
static float *inputs[DISTINCT_INPUTS];
static float *expected[DISTINCT_INPUTS];

struct worker {
  pthread_t thread;
  int index;
  int mismatches;
  int errors;
};

/* Deterministic values in [-2, 2) from a linear congruential generator. */
static void fill(float *data, long n, unsigned seed) {
  for (long i = 0; i < n; ++i) {
    seed = seed * 1664525u + 1013904223u;
    data[i] = (float)(seed >> 8) / (float)(1u << 24) * 4.0f - 2.0f;
  }
}

static void *work(void *arg) {
  struct worker *w = (struct worker *)arg;
  float *out = malloc(sizeof(float) * out_elems);
  for (int it = 0; it < iters; ++it) {
    int which = (w->index + it) % DISTINCT_INPUTS;
    memset(out, 0xff, sizeof(float) * out_elems);
    if (MODEL_RUN(inputs[which], out) != 0)
      ++w->errors;
    else if (memcmp(out, expected[which], sizeof(float) * out_elems) != 0)
      ++w->mismatches;
  }
  free(out);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s IN_ELEMENTS OUT_ELEMENTS THREADS ITERS\n", argv[0]);
    return 2;
  }
  in_elems = atol(argv[1]);
  out_elems = atol(argv[2]);
  int threads = atoi(argv[3]);
  iters = atoi(argv[4]);
  int failed = 0;

  for (int i = 0; i < DISTINCT_INPUTS; ++i) {
    inputs[i] = malloc(sizeof(float) * in_elems);
    expected[i] = malloc(sizeof(float) * out_elems);
    fill(inputs[i], in_elems, 1234u + (unsigned)i);
    if (MODEL_RUN(inputs[i], expected[i]) != 0) {
      fprintf(stderr, "stress: single-threaded call %d failed\n", i);
      return 1;
    }
    for (long j = 0; j < out_elems; ++j)
      if (!isfinite(expected[i][j])) {
        fprintf(stderr, "stress: finite input %d gives non-finite output[%ld]\n", i, j);
        failed = 1;
        break;
      }
  }

  struct worker *workers = calloc((size_t)threads, sizeof(struct worker));
  for (int t = 0; t < threads; ++t) {
    workers[t].index = t;
    pthread_create(&workers[t].thread, NULL, work, &workers[t]);
  }
  int mismatches = 0, errors = 0;
  for (int t = 0; t < threads; ++t) {
    pthread_join(workers[t].thread, NULL);
    mismatches += workers[t].mismatches;
    errors += workers[t].errors;
  }
  printf("threads: %d x %d calls, %d errors, %d results differing from single-threaded\n",
         threads, iters, errors, mismatches);
  if (mismatches || errors)
    failed = 1;

  /* Non-finite and extreme inputs. */
  const float specials[] = {NAN, INFINITY, -INFINITY, FLT_MAX, -FLT_MAX, FLT_MIN / 4, 0.0f, -0.0f};
  const int nspecials = (int)(sizeof(specials) / sizeof(specials[0]));
  float *in = malloc(sizeof(float) * in_elems);
  float *out = malloc(sizeof(float) * out_elems);
  int special_calls = 0, special_errors = 0;
  for (int s = 0; s <= nspecials; ++s) {
    for (int mode = 0; mode < 2; ++mode) {
      /* mode 0: every element special; 1: every 7th element, the rest random.
         s == nspecials: a cycle through all specials. */
      fill(in, in_elems, 99u + (unsigned)s);
      for (long j = 0; j < in_elems; ++j)
        if (mode == 0 || j % 7 == 0)
          in[j] = s < nspecials ? specials[s] : specials[j % nspecials];
      ++special_calls;
      if (MODEL_RUN(in, out) != 0)
        ++special_errors;
    }
  }
  printf("nan-inf: %d calls, %d errors\n", special_calls, special_errors);
  if (special_errors)
    failed = 1;
  printf("stress: %s\n", failed ? "FAIL" : "PASS");
  return failed;
}
