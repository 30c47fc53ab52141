/* run_model_device.c - keep a GPU model's buffers on the device.
 *
 *   rifflec MODEL --target=host-opencl --emit=lib -o OUTDIR --name m
 *   cc -I OUTDIR [-DRIFFLE_MODEL=NAME] [-DRIFFLE_CUDA] run_model_device.c \
 *      OUTDIR/NAME.a -lpthread -ldl -o run_model_device
 *   ./run_model_device INPUT.f32 OUTPUT.f32
 *
 * For a model compiled for a GPU target (OpenCL, or CUDA with -DRIFFLE_CUDA)
 * with one input and one output. The input (raw float32, NCHW) is copied
 * to the device once with halide_copy_to_device, and its host copy is then
 * overwritten with NaNs: the Halide entry NAME must read the device copy.
 * NAME leaves the output on the device (device_dirty); it is copied back
 * with halide_copy_to_host, compared with NAME_run (the plain C entry, which
 * copies in and out itself) on the original input, and written to
 * OUTPUT.f32. Prints one line per check and PASS; exit 0 when all hold.
 */
#ifndef RIFFLE_MODEL
#define RIFFLE_MODEL m
#endif
#define RM_CAT_(a, b) a##b
#define RM_CAT(a, b) RM_CAT_(a, b)
#define RM_STR_(x) #x
#define RM_STR(x) RM_STR_(x)
#include RM_STR(RIFFLE_MODEL.h)

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MODEL_ENTRY RIFFLE_MODEL
#define MODEL_RUN RM_CAT(RIFFLE_MODEL, _run)
#define IN_ELEMENTS RM_CAT(RIFFLE_MODEL, _INPUT_ELEMENTS)
#define OUT_ELEMENTS RM_CAT(RIFFLE_MODEL, _OUTPUT_ELEMENTS)
#define IN_RANK RM_CAT(RIFFLE_MODEL, _INPUT_RANK)
#define OUT_RANK RM_CAT(RIFFLE_MODEL, _OUTPUT_RANK)
#define IN_SHAPE RM_CAT(RIFFLE_MODEL, _input_shape)
#define OUT_SHAPE RM_CAT(RIFFLE_MODEL, _output_shape)

/* The device interfaces live in the model's library (Halide's runtime). */
#ifdef RIFFLE_CUDA
extern const struct halide_device_interface_t *halide_cuda_device_interface(void);
#define DEVICE_INTERFACE halide_cuda_device_interface()
#else
extern const struct halide_device_interface_t *halide_opencl_device_interface(void);
#define DEVICE_INTERFACE halide_opencl_device_interface()
#endif

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

static int fail(const char *what, int rc) {
  fprintf(stderr, "error: %s (%d)\n", what, rc);
  return 1;
}

int main(int argc, char **argv) {
  float *in = (float *)malloc(sizeof(float) * IN_ELEMENTS);
  float *scratch = (float *)malloc(sizeof(float) * IN_ELEMENTS);
  float *out = (float *)calloc(OUT_ELEMENTS, sizeof(float));
  float *ref = (float *)malloc(sizeof(float) * OUT_ELEMENTS);
  halide_dimension_t in_dim[IN_RANK], out_dim[OUT_RANK];
  halide_buffer_t in_buf, out_buf;
  double max_diff = 0;
  long i;
  int rc;
  if (!in || !scratch || !out || !ref || argc != 3)
    return fail("usage: run_model_device INPUT.f32 OUTPUT.f32", 1);
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(in, sizeof(float), IN_ELEMENTS, f) != IN_ELEMENTS)
    return fail("cannot read the input", 1);
  fclose(f);

  /* Reference: the plain C entry. */
  if ((rc = MODEL_RUN(in, ref)) != 0)
    return fail("the plain C entry failed", rc);

  /* The input on the device; its host copy then holds only NaNs. */
  memcpy(scratch, in, sizeof(float) * IN_ELEMENTS);
  make_buffer(&in_buf, in_dim, scratch, IN_SHAPE, IN_RANK);
  in_buf.flags = halide_buffer_flag_host_dirty;
  if ((rc = halide_copy_to_device(NULL, &in_buf, DEVICE_INTERFACE)) != 0)
    return fail("halide_copy_to_device", rc);
  for (i = 0; i < IN_ELEMENTS; ++i)
    scratch[i] = NAN;
  printf("input on the device: device=%s host_dirty=%d\n",
         in_buf.device ? "set" : "null",
         (int)(in_buf.flags & halide_buffer_flag_host_dirty));

  make_buffer(&out_buf, out_dim, out, OUT_SHAPE, OUT_RANK);
  if ((rc = MODEL_ENTRY(&in_buf, &out_buf)) != 0)
    return fail("the Halide entry failed", rc);
  printf("output left on the device: device_dirty=%d\n",
         (int)((out_buf.flags & halide_buffer_flag_device_dirty) != 0));
  if ((rc = halide_copy_to_host(NULL, &out_buf)) != 0)
    return fail("halide_copy_to_host", rc);
  for (i = 0; i < OUT_ELEMENTS; ++i) {
    double d = fabs((double)out[i] - (double)ref[i]);
    if (!(d <= max_diff)) /* NaN-propagating max */
      max_diff = d;
  }
  printf("device-resident call vs plain C entry: max_abs_diff=%g\n", max_diff);
  halide_device_free(NULL, &in_buf);
  halide_device_free(NULL, &out_buf);
  halide_device_release(NULL, DEVICE_INTERFACE);

  f = fopen(argv[2], "wb");
  if (!f || fwrite(out, sizeof(float), OUT_ELEMENTS, f) != OUT_ELEMENTS)
    return fail("cannot write the output", 1);
  fclose(f);
  if (!in_buf.device && max_diff <= 1e-6) {
    printf("PASS\n");
    return 0;
  }
  printf("FAIL\n");
  return 1;
}
