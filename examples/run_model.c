/* run_model.c - run a model compiled by `rifflec --emit=lib` from C.
 *
 *   cc -I OUTDIR [-DRIFFLE_MODEL=NAME] run_model.c OUTDIR/NAME.a \
 *      -lpthread -ldl -o run_model
 *   ./run_model [INPUT.f32 [OUTPUT.f32]]
 *
 * INPUT.f32/OUTPUT.f32 are raw little-endian float32 arrays in the model's
 * (NCHW) layout; without INPUT a deterministic input is used. Prints
 * `checksum sum=S abs_sum=A elements=N`, writes the output when asked, then
 * calls the Halide entry NAME once with a wrong-shaped input buffer and
 * once with a wrong-typed one, both of which must fail with a non-zero
 * return, never a crash, and then NAME_run with a NULL output array; after
 * each it prints NAME_last_error() (which argument and why) on stderr as
 * `Error: ...`. Exit 0 when all is as expected. NAME defaults to `m` (rifflec ... --name m).
 */
#ifndef RIFFLE_MODEL
#define RIFFLE_MODEL m
#endif
#define RM_CAT_(a, b) a##b
#define RM_CAT(a, b) RM_CAT_(a, b)
#define RM_STR_(x) #x
#define RM_STR(x) RM_STR_(x)
#include RM_STR(RIFFLE_MODEL.h)

#include <stdio.h>
#include <stdlib.h>

#define MODEL_ENTRY RIFFLE_MODEL
#define MODEL_RUN RM_CAT(RIFFLE_MODEL, _run)
#define MODEL_LAST_ERROR RM_CAT(RIFFLE_MODEL, _last_error)
#define IN_ELEMENTS RM_CAT(RIFFLE_MODEL, _INPUT_ELEMENTS)
#define OUT_ELEMENTS RM_CAT(RIFFLE_MODEL, _OUTPUT_ELEMENTS)
#define IN_RANK RM_CAT(RIFFLE_MODEL, _INPUT_RANK)
#define OUT_RANK RM_CAT(RIFFLE_MODEL, _OUTPUT_RANK)
#define IN_SHAPE RM_CAT(RIFFLE_MODEL, _input_shape)
#define OUT_SHAPE RM_CAT(RIFFLE_MODEL, _output_shape)

/* A dense float32 halide_buffer_t over `host` for a row-major `shape`. */
static void make_buffer(halide_buffer_t *buf, halide_dimension_t *dim,
                        void *host, const int *shape, int rank) {
  int stride = 1;
  memset((void *)buf, 0, sizeof(*buf));
  memset((void *)dim, 0, sizeof(*dim) * rank);
  for (int d = 0; d < rank; ++d) {
    dim[d].extent = shape[rank - 1 - d];
    dim[d].stride = stride;
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
  if (!f) {
    fprintf(stderr, "error: cannot open '%s'\n", path);
    return 1;
  }
  long n = (long)fread(data, sizeof(float), (size_t)count, f);
  int extra = fgetc(f) != EOF;
  fclose(f);
  if (n != count || extra) {
    fprintf(stderr, "error: '%s' does not hold exactly %ld float32 values\n",
            path, count);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  float *in = (float *)malloc(sizeof(float) * IN_ELEMENTS);
  float *out = (float *)malloc(sizeof(float) * OUT_ELEMENTS);
  if (!in || !out)
    return 1;
  if (argc > 1) {
    if (read_floats(argv[1], in, IN_ELEMENTS))
      return 1;
  } else {
    for (long i = 0; i < IN_ELEMENTS; ++i)
      in[i] = (float)((i * 7919) % 1000) / 500.0f - 1.0f;
  }

  int rc = MODEL_RUN(in, out);
  if (rc != 0) {
    fprintf(stderr, "error: %s_run returned %d: %s\n", RM_STR(RIFFLE_MODEL), rc,
            MODEL_LAST_ERROR());
    return 1;
  }
  double sum = 0, abs_sum = 0;
  for (long i = 0; i < OUT_ELEMENTS; ++i) {
    sum += out[i];
    abs_sum += out[i] < 0 ? -out[i] : out[i];
  }
  printf("checksum sum=%.6g abs_sum=%.6g elements=%ld\n", sum, abs_sum,
         (long)OUT_ELEMENTS);
  if (argc > 2) {
    FILE *f = fopen(argv[2], "wb");
    if (!f || fwrite(out, sizeof(float), OUT_ELEMENTS, f) != OUT_ELEMENTS ||
        fclose(f) != 0) {
      fprintf(stderr, "error: cannot write '%s'\n", argv[2]);
      return 1;
    }
  }

  /* A wrong-shaped input: the last axis (x) one element too long. */
  int bad_shape[IN_RANK];
  for (int d = 0; d < IN_RANK; ++d)
    bad_shape[d] = IN_SHAPE[d];
  bad_shape[IN_RANK - 1] += 1;
  long bad_elements = 1;
  for (int d = 0; d < IN_RANK; ++d)
    bad_elements *= bad_shape[d];
  float *bad = (float *)calloc((size_t)bad_elements, sizeof(float));
  halide_dimension_t in_dim[IN_RANK], out_dim[OUT_RANK];
  halide_buffer_t in_buf, out_buf;
  make_buffer(&in_buf, in_dim, bad, bad_shape, IN_RANK);
  make_buffer(&out_buf, out_dim, out, OUT_SHAPE, OUT_RANK);
  int bad_shape_rc = MODEL_ENTRY(&in_buf, &out_buf);
  printf("wrong-shaped input: %s returned %d\n", RM_STR(RIFFLE_MODEL),
         bad_shape_rc);
  fprintf(stderr, "Error: %s\n", MODEL_LAST_ERROR());

  /* A wrong-typed input: right shape, 16-bit floats. */
  make_buffer(&in_buf, in_dim, in, IN_SHAPE, IN_RANK);
  in_buf.type.bits = 16;
  int bad_type_rc = MODEL_ENTRY(&in_buf, &out_buf);
  printf("wrong-typed input: %s returned %d\n", RM_STR(RIFFLE_MODEL),
         bad_type_rc);
  fprintf(stderr, "Error: %s\n", MODEL_LAST_ERROR());

  /* A missing output array: refused before the pipeline runs. */
  int null_rc = MODEL_RUN(in, NULL);
  printf("missing output: %s_run returned %d\n", RM_STR(RIFFLE_MODEL), null_rc);
  fprintf(stderr, "Error: %s\n", MODEL_LAST_ERROR());

  free(bad);
  free(in);
  free(out);
  if (bad_shape_rc == 0 || bad_type_rc == 0 || null_rc == 0) {
    fprintf(stderr, "error: a bad buffer was accepted\n");
    return 1;
  }
  printf("PASS\n");
  return 0;
}
