/* entry_buffers.c - a model's Halide entry NAME(halide_buffer_t *...) called
 * directly, and bad arguments to it and to NAME_run.
 *
 *   cc -I OUTDIR -DRIFFLE_MODEL=NAME entry_buffers.c OUTDIR/NAME.a \
 *      -lpthread -ldl -lm -o entry_buffers
 *   ./entry_buffers run IN.f32 BATCH GAP OUT.f32
 *   ./entry_buffers errors
 *
 * `run` reads BATCH samples (raw float32, NCHW, one after another), calls
 * NAME on buffers whose samples lie GAP floats apart in memory (the batch
 * dimension's stride is a sample plus GAP; a --batch=dynamic library and
 * one that runs its batch a sample at a time take any), and writes the
 * BATCH outputs densely. BATCH is the model's, or any for a
 * --batch=dynamic library.
 *
 * `errors` passes one bad argument per call, prints
 * `CASE: rc=R error=NAME_last_error()` for each, and exits 1 when one was
 * accepted (rc 0). Then a good call must still succeed. For a single-input,
 * single-output model.
 */
#ifndef RIFFLE_MODEL
#define RIFFLE_MODEL m
#endif
#define EB_CAT_(a, b) a##b
#define EB_CAT(a, b) EB_CAT_(a, b)
#define EB_STR_(x) #x
#define EB_STR(x) EB_STR_(x)
#include EB_STR(RIFFLE_MODEL.h)

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_ENTRY RIFFLE_MODEL
#define MODEL_RUN EB_CAT(RIFFLE_MODEL, _run)
#define MODEL_LAST_ERROR EB_CAT(RIFFLE_MODEL, _last_error)
#define MODEL_DYNAMIC EB_CAT(RIFFLE_MODEL, _DYNAMIC_BATCH)
#define IN_ELEMENTS EB_CAT(RIFFLE_MODEL, _INPUT_ELEMENTS)
#define OUT_ELEMENTS EB_CAT(RIFFLE_MODEL, _OUTPUT_ELEMENTS)
#define IN_RANK EB_CAT(RIFFLE_MODEL, _INPUT_RANK)
#define OUT_RANK EB_CAT(RIFFLE_MODEL, _OUTPUT_RANK)
#define IN_SHAPE EB_CAT(RIFFLE_MODEL, _input_shape)
#define OUT_SHAPE EB_CAT(RIFFLE_MODEL, _output_shape)
/* The batch of the good buffers: the model's (1 for a dynamic one). */
#define GOOD_BATCH (MODEL_DYNAMIC ? 1 : IN_SHAPE[0])
#define IN_SAMPLE (IN_ELEMENTS / IN_SHAPE[0])
#define OUT_SAMPLE (OUT_ELEMENTS / OUT_SHAPE[0])

/* A float32 buffer over `host` for a row-major `shape` whose samples (the
 * leading dimension, `batch` of them) lie `sample + gap` floats apart. */
static void make_buffer(halide_buffer_t *buf, halide_dimension_t *dim,
                        float *host, const int *shape, int rank, int batch,
                        int gap) {
  int stride = 1, d;
  memset((void *)buf, 0, sizeof(*buf));
  memset((void *)dim, 0, sizeof(*dim) * rank);
  for (d = 0; d < rank; ++d) {
    int last = d == rank - 1;
    dim[d].extent = last ? batch : shape[rank - 1 - d];
    dim[d].stride = last ? stride + gap : stride;
    stride *= dim[d].extent;
  }
  buf->host = (uint8_t *)host;
  buf->type.code = halide_type_float;
  buf->type.bits = 32;
  buf->type.lanes = 1;
  buf->dimensions = rank;
  buf->dim = dim;
}

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
    fprintf(stderr, "error: '%s' does not hold exactly %ld float32 values\n",
            path, count);
    return 1;
  }
  return 0;
}

static int run(const char *in_path, int batch, int gap, const char *out_path) {
  long in_sample = IN_SAMPLE + gap, out_sample = OUT_SAMPLE + gap;
  float *dense = (float *)malloc(sizeof(float) * IN_SAMPLE * batch);
  float *in = (float *)calloc((size_t)(in_sample * batch), sizeof(float));
  float *out = (float *)calloc((size_t)(out_sample * batch), sizeof(float));
  halide_dimension_t in_dim[IN_RANK], out_dim[OUT_RANK];
  halide_buffer_t in_buf, out_buf;
  FILE *f;
  int n, rc;
  if (!dense || !in || !out ||
      read_floats(in_path, dense, (long)IN_SAMPLE * batch))
    return 1;
  for (n = 0; n < batch; ++n)
    memcpy(in + n * in_sample, dense + (long)n * IN_SAMPLE,
           sizeof(float) * IN_SAMPLE);
  make_buffer(&in_buf, in_dim, in, IN_SHAPE, IN_RANK, batch, gap);
  make_buffer(&out_buf, out_dim, out, OUT_SHAPE, OUT_RANK, batch, gap);
  rc = MODEL_ENTRY(&in_buf, &out_buf);
  printf("%s(batch %d, gap %d): rc=%d error=%s\n", EB_STR(RIFFLE_MODEL), batch,
         gap, rc, MODEL_LAST_ERROR());
  if (rc != 0)
    return 1;
  f = fopen(out_path, "wb");
  for (n = 0; f && n < batch; ++n)
    if (fwrite(out + n * out_sample, sizeof(float), OUT_SAMPLE, f) !=
        OUT_SAMPLE)
      break;
  if (!f || n != batch || fclose(f) != 0) {
    fprintf(stderr, "error: cannot write '%s'\n", out_path);
    return 1;
  }
  free(dense);
  free(in);
  free(out);
  return 0;
}

static int accepted;

static void report(const char *what, int rc) {
  printf("%s: rc=%d error=%s\n", what, rc, MODEL_LAST_ERROR());
  if (rc == 0) {
    printf("  ^ accepted\n");
    ++accepted;
  }
}

static int errors(void) {
  /* Room for any of the wrong shapes below (none is read: the pipeline
     checks its buffers before it starts). */
  long room = 4 * ((long)IN_ELEMENTS + OUT_ELEMENTS);
  int rc;
  float *in, *out;
  halide_dimension_t in_dim[IN_RANK + 1], out_dim[OUT_RANK + 1];
  halide_buffer_t in_buf, out_buf;
  in = (float *)calloc((size_t)room, sizeof(float));
  out = (float *)calloc((size_t)room, sizeof(float));
  if (!in || !out)
    return 1;
#define GOOD()                                                                 \
  (make_buffer(&in_buf, in_dim, in, IN_SHAPE, IN_RANK, GOOD_BATCH, 0),         \
   make_buffer(&out_buf, out_dim, out, OUT_SHAPE, OUT_RANK, GOOD_BATCH, 0))

  report("entry NULL input", MODEL_ENTRY(NULL, (GOOD(), &out_buf)));
  report("entry NULL output", MODEL_ENTRY((GOOD(), &in_buf), NULL));
  GOOD();
  in_buf.dim = NULL;
  report("entry input without dim", MODEL_ENTRY(&in_buf, &out_buf));
  GOOD();
  in_buf.host = NULL;
  report("entry input without memory", MODEL_ENTRY(&in_buf, &out_buf));
  GOOD();
  out_buf.host = NULL;
  report("entry output without memory", MODEL_ENTRY(&in_buf, &out_buf));
  GOOD();
  in_buf.dimensions = IN_RANK - 1;
  report("entry input of rank-1", MODEL_ENTRY(&in_buf, &out_buf));
  GOOD();
  out_buf.dimensions = OUT_RANK + 1;
  out_dim[OUT_RANK].extent = 1;
  out_dim[OUT_RANK].stride = OUT_ELEMENTS;
  report("entry output of rank+1", MODEL_ENTRY(&in_buf, &out_buf));
  GOOD();
  in_dim[0].extent += 1; /* x one longer */
  report("entry input x extent+1", MODEL_ENTRY(&in_buf, &out_buf));
  GOOD();
  out_dim[0].extent -= 1;
  report("entry output x extent-1", MODEL_ENTRY(&in_buf, &out_buf));
  GOOD();
  in_dim[0].stride = 2;
  report("entry input x stride 2", MODEL_ENTRY(&in_buf, &out_buf));
  GOOD();
  in_buf.type.bits = 16;
  report("entry input float16", MODEL_ENTRY(&in_buf, &out_buf));
  if (MODEL_DYNAMIC) {
    GOOD();
    in_dim[IN_RANK - 1].extent = 2;
    out_dim[OUT_RANK - 1].extent = 3;
    report("entry batch 2 in, 3 out", MODEL_ENTRY(&in_buf, &out_buf));
    GOOD();
    in_dim[IN_RANK - 1].extent = 0;
    out_dim[OUT_RANK - 1].extent = 0;
    report("entry batch 0", MODEL_ENTRY(&in_buf, &out_buf));
  }
  if (!MODEL_DYNAMIC && GOOD_BATCH > 1) {
    GOOD();
    in_dim[IN_RANK - 1].extent = GOOD_BATCH - 1;
    out_dim[OUT_RANK - 1].extent = GOOD_BATCH - 1;
    report("entry batch one short", MODEL_ENTRY(&in_buf, &out_buf));
  }
  report("run NULL input", MODEL_RUN(NULL, out));
  report("run NULL output", MODEL_RUN(in, NULL));

  /* The library is still usable. */
  GOOD();
  rc = MODEL_ENTRY(&in_buf, &out_buf);
  printf("entry good buffers after the errors: rc=%d\n", rc);
  rc |= MODEL_RUN(in, out);
  printf("run good arrays after the errors: rc=%d\n", rc);
  free(in);
  free(out);
  printf("%d accepted\n", accepted);
  return accepted || rc ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc == 6 && !strcmp(argv[1], "run"))
    return run(argv[2], atoi(argv[3]), atoi(argv[4]), argv[5]);
  if (argc == 2 && !strcmp(argv[1], "errors"))
    return errors();
  fprintf(stderr, "usage: %s run IN.f32 BATCH GAP OUT.f32 | errors\n",
          argv[0]);
  return 2;
}
