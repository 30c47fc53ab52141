/* riffle_glue_model.c - a model's C API, compiled into its library.
 *
 * Generic over the model: rifflec writes riffle_glue_config.h next to it,
 * which includes NAME.h (the declarations this file defines) and describes
 * the model with macros:
 *   RIFFLE_MODEL_NAME_STR          "NAME"
 *   RIFFLE_ENTRY, RIFFLE_SYM(x)    the names NAME and NAME_x
 *   RIFFLE_NUM_INPUTS/OUTPUTS, RIFFLE_MAX_RANK
 *   RIFFLE_RANKS, RIFFLE_SHAPES    per argument (inputs, then outputs),
 *                                  row-major (NCHW) extents
 *   RIFFLE_ARG_NAMES, RIFFLE_RUN_NAMES   argument names of NAME / NAME_run
 *   RIFFLE_ENTRY_PARAMS, RIFFLE_ENTRY_BUFFERS  NAME's parameter list and
 *                                  its parameters as an array initializer
 *   RIFFLE_RUN_PARAMS, RIFFLE_RUN_ARRAYS      the same for NAME_run
 *   RIFFLE_CALL_PIPELINE(b)        NAME_halide(b[0], b[1], ...), or
 *                                  riffle_call_stages(b) for a model split
 *                                  into RIFFLE_NUM_STAGES > 1 pipelines:
 *   RIFFLE_STAGE_FUNCTIONS         each pipeline's NAME_halide_sK_argv
 *   RIFFLE_STAGE_BUFFERS           each one's buffers, indices into
 *                                  [inputs, outputs, intermediates], -1 last
 *   RIFFLE_NUM_INTERMEDIATES, RIFFLE_INTERMEDIATE_RANKS/SHAPES  the buffers
 *                                  pipelines hand to later ones
 *   RIFFLE_GPU                     1 for a GPU target
 *   RIFFLE_DYNAMIC_BATCH           1 when the batch is chosen per call
 *   RIFFLE_SAMPLE_LOOP             N > 1 when the pipelines compute one
 *                                  sample of the batch of N (the plan's
 *                                  riffle.sample_loop), else 1
 *   RIFFLE_PROFILE                 1 when compiled with Halide's profiler
 * See riffle_glue.h for how it is built; riffle/Codegen/Aot.h for the API.
 */
#include "riffle_glue_config.h"
#include "riffle_glue.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define RIFFLE_NUM_ARGS (RIFFLE_NUM_INPUTS + RIFFLE_NUM_OUTPUTS)

static const int riffle_ranks[RIFFLE_NUM_ARGS] = RIFFLE_RANKS;
static const int riffle_shapes[RIFFLE_NUM_ARGS][RIFFLE_MAX_RANK] = RIFFLE_SHAPES;
static const char *const riffle_arg_names[RIFFLE_NUM_ARGS] = RIFFLE_ARG_NAMES;
static const char *const riffle_run_names[RIFFLE_NUM_ARGS] = RIFFLE_RUN_NAMES;

/* The message of this thread's last failure with this model. */
static __thread char riffle_last_error[2048];

static int riffle_fail(int rc, const char *format, ...) {
  va_list args;
  int n = snprintf(riffle_last_error, sizeof riffle_last_error,
                   "%s: ", RIFFLE_MODEL_NAME_STR);
  va_start(args, format);
  vsnprintf(riffle_last_error + n, sizeof riffle_last_error - (size_t)n,
            format, args);
  va_end(args);
  return rc;
}

const char *RIFFLE_SYM(last_error)(void) { return riffle_last_error; }

int RIFFLE_SYM(set_num_threads)(int n) { return riffle_glue_set_num_threads(n); }

int RIFFLE_SYM(num_inputs)(void) { return RIFFLE_NUM_INPUTS; }
int RIFFLE_SYM(num_outputs)(void) { return RIFFLE_NUM_OUTPUTS; }
int RIFFLE_SYM(dynamic_batch)(void) { return RIFFLE_DYNAMIC_BATCH; }

static int riffle_rank(int arg) {
  return arg >= 0 && arg < RIFFLE_NUM_ARGS ? riffle_ranks[arg] : -1;
}
static int riffle_dim(int arg, int d) {
  int rank = riffle_rank(arg);
  return rank >= 0 && d >= 0 && d < rank ? riffle_shapes[arg][d] : -1;
}
int RIFFLE_SYM(input_rank)(int i) {
  return i < RIFFLE_NUM_INPUTS ? riffle_rank(i) : -1;
}
int RIFFLE_SYM(input_dim)(int i, int d) {
  return i < RIFFLE_NUM_INPUTS ? riffle_dim(i, d) : -1;
}
int RIFFLE_SYM(output_rank)(int i) {
  return i >= 0 ? riffle_rank(RIFFLE_NUM_INPUTS + i) : -1;
}
int RIFFLE_SYM(output_dim)(int i, int d) {
  return i >= 0 ? riffle_dim(RIFFLE_NUM_INPUTS + i, d) : -1;
}

#if RIFFLE_NUM_STAGES > 1
/* A model split into several Halide pipelines (the plan's `pipeline`): they
 * run in order, each on its share of the model's buffers and of the
 * intermediates, which live for one call (from Halide's allocator, which the
 * glue's buffer cache serves). */
typedef int (*riffle_stage_function)(void **);
static const riffle_stage_function riffle_stage_functions[RIFFLE_NUM_STAGES] =
    RIFFLE_STAGE_FUNCTIONS;
static const int riffle_stage_buffers[RIFFLE_NUM_STAGES]
                                     [RIFFLE_MAX_STAGE_BUFFERS] =
    RIFFLE_STAGE_BUFFERS;
static const int riffle_intermediate_ranks[] = RIFFLE_INTERMEDIATE_RANKS;
static const int riffle_intermediate_shapes[][RIFFLE_MAX_RANK] =
    RIFFLE_INTERMEDIATE_SHAPES;

static int riffle_call_stages(struct halide_buffer_t **args) {
  struct halide_buffer_t tmp[RIFFLE_NUM_INTERMEDIATES + 1];
  halide_dimension_t dims[RIFFLE_NUM_INTERMEDIATES + 1][RIFFLE_MAX_RANK];
  struct halide_buffer_t *all[RIFFLE_NUM_ARGS + RIFFLE_NUM_INTERMEDIATES];
  void *stage_args[RIFFLE_MAX_STAGE_BUFFERS];
  int i, d, s, rc = 0;
  memset(tmp, 0, sizeof tmp);
  memset(dims, 0, sizeof dims);
  for (i = 0; i < RIFFLE_NUM_ARGS; ++i)
    all[i] = args[i];
  for (i = 0; i < RIFFLE_NUM_INTERMEDIATES && rc == 0; ++i) {
    int rank = riffle_intermediate_ranks[i];
    int32_t stride = 1;
    /* Dense, fastest dimension first, as the pipelines expect. */
    for (d = 0; d < rank; ++d) {
      dims[i][d].extent = riffle_intermediate_shapes[i][rank - 1 - d];
      dims[i][d].stride = stride;
      stride *= dims[i][d].extent;
    }
    tmp[i].type.code = halide_type_float;
    tmp[i].type.bits = 32;
    tmp[i].type.lanes = 1;
    tmp[i].dimensions = rank;
    tmp[i].dim = dims[i];
    tmp[i].host = (uint8_t *)halide_malloc(NULL, (size_t)stride * 4);
    if (!tmp[i].host) {
      halide_error(NULL, "out of memory for a buffer between pipelines");
      rc = -1;
    }
    all[RIFFLE_NUM_ARGS + i] = &tmp[i];
  }
  for (s = 0; s < RIFFLE_NUM_STAGES && rc == 0; ++s) {
    for (i = 0; i < RIFFLE_MAX_STAGE_BUFFERS && riffle_stage_buffers[s][i] >= 0;
         ++i)
      stage_args[i] = all[riffle_stage_buffers[s][i]];
    rc = riffle_stage_functions[s](stage_args);
  }
  for (i = 0; i < RIFFLE_NUM_INTERMEDIATES; ++i)
    if (tmp[i].host)
      halide_free(NULL, tmp[i].host);
  return rc;
}
#endif

/* One pipeline call: the process-wide handler and cache are installed (once),
 * and Halide's message, if any, becomes this model's last error. */
static int riffle_call_pipeline(struct halide_buffer_t **b) {
  int rc;
  riffle_glue_install();
  riffle_glue_clear_error();
#if RIFFLE_GPU
  halide_reuse_device_allocations(NULL, 1);
#endif
  rc = RIFFLE_CALL_PIPELINE(b);
  if (rc != 0) {
    const char *why = riffle_glue_error();
    if (!*why)
      why = riffle_glue_owns_error_handler()
                ? "(Halide gave no message)"
                : "(the message went to the application's Halide error "
                  "handler)";
    return riffle_fail(rc, "%s", why);
  }
  return 0;
}

/* What Halide's generated code does not report itself: a NULL buffer, a
 * missing dimension array (it would crash), and a buffer with no memory
 * (Halide takes it for a bounds query, returns 0 and computes nothing; the
 * shapes are in NAME.h). Rank, extents, strides and type are checked by the
 * pipeline, whose message names the argument. */
static int riffle_check_buffer(int arg, const struct halide_buffer_t *b) {
  if (!b)
    return riffle_fail(-1, "argument %s is NULL", riffle_arg_names[arg]);
  if (b->dimensions > 0 && !b->dim)
    return riffle_fail(-1, "argument %s has %d dimensions and no dimension "
                       "array (dim is NULL)",
                       riffle_arg_names[arg], b->dimensions);
  if (!b->host && !b->device)
    return riffle_fail(-1, "argument %s has no memory (host is NULL, no "
                       "device allocation); %s answers no bounds queries: "
                       "the shapes are in %s.h",
                       riffle_arg_names[arg], RIFFLE_MODEL_NAME_STR,
                       RIFFLE_MODEL_NAME_STR);
  return 0;
}

#define RIFFLE_PER_SAMPLE (RIFFLE_DYNAMIC_BATCH || RIFFLE_SAMPLE_LOOP > 1)

#if RIFFLE_PER_SAMPLE
/* The pipeline is compiled for one sample; a batch of N is N calls on views
 * of the buffers offset by one sample each (dimension rank-1 is the batch):
 * a dynamic batch, or a fixed one the plan computes a sample at a time
 * (each sample's activations stay in cache, where a batch's do not). With
 * T > 1 threads, rounds of T samples run side by side, one per thread (the
 * pool runs a sample's own parallel loops serially on its thread: no
 * fork/join per layer); the samples left over run one after another, each
 * with all the threads. A profiled library runs every sample so (Halide's
 * profiler takes calls of one pipeline side by side for one call). */
static int32_t riffle_sample_elements(int arg) {
  int32_t elements = 1;
  int d;
  for (d = 1; d < riffle_ranks[arg]; ++d)
    elements *= riffle_shapes[arg][d];
  return elements;
}

/* The pipeline on sample n of the (checked) arguments. */
static int riffle_call_sample(struct halide_buffer_t **b, int n) {
  struct halide_buffer_t view[RIFFLE_NUM_ARGS], *views[RIFFLE_NUM_ARGS];
  halide_dimension_t dims[RIFFLE_NUM_ARGS][RIFFLE_MAX_RANK];
  int arg;
  for (arg = 0; arg < RIFFLE_NUM_ARGS; ++arg) {
    int rank = riffle_ranks[arg];
    const halide_dimension_t *last = &b[arg]->dim[rank - 1];
    int64_t bytes = (int64_t)((b[arg]->type.bits + 7) / 8) *
                    b[arg]->type.lanes;
    view[arg] = *b[arg];
    memcpy(dims[arg], b[arg]->dim, sizeof(halide_dimension_t) * rank);
    dims[arg][rank - 1].min = 0;
    dims[arg][rank - 1].extent = 1;
    /* One sample: the batch stride is irrelevant, and the pipeline wants
       the dense one (samples of the caller's buffer need not be). */
    dims[arg][rank - 1].stride = riffle_sample_elements(arg);
    view[arg].dim = dims[arg];
    view[arg].host = b[arg]->host + (int64_t)n * last->stride * bytes;
    views[arg] = &view[arg];
  }
  return riffle_call_pipeline(views);
}

/* Samples run as the tasks of one parallel loop; the first failure's
 * message is kept (a task's riffle_last_error is its thread's). */
struct riffle_sample_job {
  struct halide_buffer_t **buffers;
  int failed, sample, rc;
  char why[sizeof riffle_last_error];
};

static int riffle_sample_task(void *user_context, int n, uint8_t *closure) {
  struct riffle_sample_job *job = (struct riffle_sample_job *)closure;
  int rc = riffle_call_sample(job->buffers, n);
  (void)user_context;
  if (rc != 0 && __atomic_exchange_n(&job->failed, 1, __ATOMIC_SEQ_CST) == 0) {
    job->sample = n;
    job->rc = rc;
    snprintf(job->why, sizeof job->why, "%s",
             riffle_last_error + strlen(RIFFLE_MODEL_NAME_STR) + 2);
  }
  return rc;
}

static int riffle_call_batched(struct halide_buffer_t **b) {
  struct riffle_sample_job job;
  int batch = -1, arg, n, rc, threads, side_by_side;
  for (arg = 0; arg < RIFFLE_NUM_ARGS; ++arg) {
    int rank = riffle_ranks[arg], extent;
    if (b[arg]->dimensions != rank)
      return riffle_fail(-1, "argument %s has %d dimensions; expected %d",
                         riffle_arg_names[arg], b[arg]->dimensions, rank);
    if (b[arg]->device)
      return riffle_fail(-1, "argument %s is a device buffer; a model "
                         "run one sample at a time takes host buffers",
                         riffle_arg_names[arg]);
    if (!b[arg]->host)
      return riffle_fail(-1, "argument %s has no host memory",
                         riffle_arg_names[arg]);
    extent = b[arg]->dim[rank - 1].extent;
    if (extent < 1)
      return riffle_fail(-1, "argument %s has batch %d; expected at least 1",
                         riffle_arg_names[arg], extent);
    if (!RIFFLE_DYNAMIC_BATCH && extent != riffle_shapes[arg][0])
      return riffle_fail(-1, "argument %s has batch %d; expected %d",
                         riffle_arg_names[arg], extent,
                         riffle_shapes[arg][0]);
    if (batch < 0)
      batch = extent;
    else if (extent != batch)
      return riffle_fail(-1, "argument %s has batch %d; %s has %d",
                         riffle_arg_names[arg], extent, riffle_arg_names[0],
                         batch);
  }
  threads = RIFFLE_PROFILE ? 1 : riffle_glue_num_threads();
  side_by_side = threads > 1 ? batch - batch % threads : 0;
  memset(&job, 0, sizeof job);
  job.buffers = b;
  rc = side_by_side > 0 ? halide_do_par_for(NULL, riffle_sample_task, 0,
                                            side_by_side, (uint8_t *)&job)
                        : 0;
  for (n = side_by_side; n < batch && rc == 0; ++n)
    rc = riffle_sample_task(NULL, n, (uint8_t *)&job);
  if (rc == 0)
    return 0;
  if (!job.failed)
    return riffle_fail(rc, "the loop over samples failed");
  return batch > 1 ? riffle_fail(job.rc, "sample %d of %d: %s", job.sample,
                                 batch, job.why)
                   : riffle_fail(job.rc, "%s", job.why);
}
#endif

static int riffle_call(struct halide_buffer_t **b) {
#if RIFFLE_PER_SAMPLE
  return riffle_call_batched(b);
#else
  return riffle_call_pipeline(b);
#endif
}

int RIFFLE_ENTRY(RIFFLE_ENTRY_PARAMS) {
  struct halide_buffer_t *b[RIFFLE_NUM_ARGS] = RIFFLE_ENTRY_BUFFERS;
  int arg, rc;
  for (arg = 0; arg < RIFFLE_NUM_ARGS; ++arg)
    if ((rc = riffle_check_buffer(arg, b[arg])) != 0)
      return rc;
  return riffle_call(b);
}

/* NAME_run and NAME_run_batch: dense row-major arrays, `batch` samples. */
static int riffle_run(int batch, const void *const *pointers) {
  struct halide_buffer_t buffers[RIFFLE_NUM_ARGS], *b[RIFFLE_NUM_ARGS];
  halide_dimension_t dims[RIFFLE_NUM_ARGS][RIFFLE_MAX_RANK];
  int arg, d, rc;
  for (arg = 0; arg < RIFFLE_NUM_ARGS; ++arg)
    if (!pointers[arg])
      return riffle_fail(-1, "argument %d (%s) is NULL", arg + 1,
                         riffle_run_names[arg]);
  memset(buffers, 0, sizeof buffers);
  memset(dims, 0, sizeof dims);
  for (arg = 0; arg < RIFFLE_NUM_ARGS; ++arg) {
    int rank = riffle_ranks[arg];
    int32_t stride = 1;
    /* Halide lists dimensions fastest first: x, y, c, n for NCHW. */
    for (d = 0; d < rank; ++d) {
      int extent = riffle_shapes[arg][rank - 1 - d];
      if (RIFFLE_DYNAMIC_BATCH && d == rank - 1)
        extent = batch;
      dims[arg][d].extent = extent;
      dims[arg][d].stride = stride;
      stride *= extent;
    }
    buffers[arg].host = (uint8_t *)(uintptr_t)pointers[arg];
    buffers[arg].type.code = halide_type_float;
    buffers[arg].type.bits = 32;
    buffers[arg].type.lanes = 1;
    buffers[arg].dimensions = rank;
    buffers[arg].dim = dims[arg];
#if RIFFLE_GPU
    /* Host data newer than any device copy: the pipeline copies it over
       (without the flag the runtime takes a fresh device buffer as
       current). */
    if (arg < RIFFLE_NUM_INPUTS)
      buffers[arg].flags = halide_buffer_flag_host_dirty;
#endif
    b[arg] = &buffers[arg];
  }
  rc = riffle_call(b);
#if RIFFLE_GPU
  /* The pipeline leaves its outputs on the device and device copies on
     these stack buffers: copy back, then release them (the runtime keeps
     the allocations for the next call). */
  for (arg = RIFFLE_NUM_INPUTS; arg < RIFFLE_NUM_ARGS && rc == 0; ++arg)
    if ((rc = halide_copy_to_host(NULL, b[arg])) != 0)
      riffle_fail(rc, "copying %s back from the device failed: %s",
                  riffle_run_names[arg], riffle_glue_error());
  for (arg = 0; arg < RIFFLE_NUM_ARGS; ++arg)
    halide_device_free(NULL, b[arg]);
#endif
  return rc;
}

int RIFFLE_SYM(run)(RIFFLE_RUN_PARAMS) {
  const void *pointers[RIFFLE_NUM_ARGS] = RIFFLE_RUN_ARRAYS;
  return riffle_run(1, pointers);
}

#if RIFFLE_DYNAMIC_BATCH
int RIFFLE_SYM(run_batch)(int batch, RIFFLE_RUN_PARAMS) {
  const void *pointers[RIFFLE_NUM_ARGS] = RIFFLE_RUN_ARRAYS;
  if (batch < 1)
    return riffle_fail(-1, "argument 1 (batch) is %d; expected at least 1",
                       batch);
  return riffle_run(batch, pointers);
}
#endif
