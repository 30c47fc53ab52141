//===- AotHeader.cpp - The C text rifflec generates per model ------------===//
//
// NAME.h (the user's header), riffle_glue_config.h (the macros
// glue/riffle_glue_model.c is compiled against) and riffle_runner_model.h
// (the runner's view of the model). Everything else in the generated C is a
// real source file under lib/Codegen/glue/ or lib/Codegen/runner/.
//
//===----------------------------------------------------------------------===//

#include "AotInternal.h"

#include "Halide.h"

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::aot;

namespace {

int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// The shape constants of one tensor. `tag` is "input0", "output1", ... or
/// the unindexed "input"/"output" of a single one.
void emitShape(llvm::raw_ostream &os, llvm::StringRef name,
               llvm::StringRef tag, ArrayRef<int64_t> shape) {
  os << "#define " << name << "_" << tag.upper() << "_RANK " << shape.size()
     << "\n";
  os << "#define " << name << "_" << tag.upper() << "_ELEMENTS "
     << numElements(shape) << "\n";
  os << "static const int " << name << "_" << tag << "_shape[] = {";
  llvm::interleaveComma(shape, os);
  os << "};\n";
}

/// NAME_run's parameter names: `in`/`out` for a single one, else indexed.
std::string runParamName(const ModelSignature &model, bool input, size_t i) {
  size_t count = input ? model.inputs.size() : model.outputs.size();
  std::string base = input ? "in" : "out";
  return count == 1 ? base : base + std::to_string(i);
}

/// "const float *in, float *out"
std::string runParams(const ModelSignature &model) {
  std::string text;
  for (size_t i = 0; i < model.inputs.size(); ++i)
    text += (text.empty() ? "" : ", ") + std::string("const float *") +
            runParamName(model, true, i);
  for (size_t i = 0; i < model.outputs.size(); ++i)
    text += (text.empty() ? "" : ", ") + std::string("float *") +
            runParamName(model, false, i);
  return text;
}

/// NAME's buffer parameter names: input_0, ..., output_0, ...
SmallVector<std::string> entryArgNames(const ModelSignature &model) {
  SmallVector<std::string> names;
  for (size_t i = 0; i < model.inputs.size(); ++i)
    names.push_back("input_" + std::to_string(i));
  for (size_t i = 0; i < model.outputs.size(); ++i)
    names.push_back("output_" + std::to_string(i));
  return names;
}

std::string entryParams(const ModelSignature &model) {
  std::string text;
  for (const std::string &arg : entryArgNames(model))
    text += std::string(text.empty() ? "" : ", ") + "struct halide_buffer_t *" + arg;
  return text;
}

/// "{a, b, c}" (a zero for an empty list: C has no empty initializers).
template <typename Range>
std::string initializer(const Range &values) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "{";
  llvm::interleaveComma(values, os);
  if (values.empty())
    os << "0";
  os << "}";
  return text;
}

/// How the glue calls the model's Halide pipeline(s): RIFFLE_CALL_PIPELINE
/// for one; for a split model, the tables riffle_call_stages runs them from
/// (riffle_glue_model.c): each pipeline's argv entry and its buffers as
/// indices into [inputs, outputs, intermediates], -1 after the last.
void emitStageTables(llvm::raw_ostream &os, const ModelSignature &model) {
  const size_t numArgs = model.inputs.size() + model.outputs.size();
  os << "#define RIFFLE_NUM_STAGES " << model.stages.size() << "\n";
  if (model.stages.size() == 1) {
    os << "#define RIFFLE_CALL_PIPELINE(b) " << model.stages.front().function
       << "(";
    for (auto [i, buffer] : llvm::enumerate(model.stages.front().buffers)) {
      size_t index = buffer.index;
      if (buffer.kind == PipelineBuffer::Kind::Result)
        index += model.inputs.size();
      os << (i ? ", " : "") << "b[" << index << "]";
    }
    os << ")\n";
    return;
  }
  size_t maxBuffers = 0;
  for (const ModelSignature::Stage &stage : model.stages)
    maxBuffers = std::max(maxBuffers, stage.buffers.size() + 1);
  os << "#define RIFFLE_NUM_INTERMEDIATES " << model.intermediates.size()
     << "\n#define RIFFLE_MAX_STAGE_BUFFERS " << maxBuffers
     << "\n#define RIFFLE_INTERMEDIATE_RANKS {";
  for (auto [i, shape] : llvm::enumerate(model.intermediates))
    os << (i ? ", " : "") << shape.size();
  os << (model.intermediates.empty() ? "0" : "")
     << "}\n#define RIFFLE_INTERMEDIATE_SHAPES {";
  for (auto [i, shape] : llvm::enumerate(model.intermediates))
    os << (i ? ", " : "") << initializer(shape);
  os << (model.intermediates.empty() ? "{0}" : "")
     << "}\n#define RIFFLE_STAGE_FUNCTIONS {";
  for (auto [i, stage] : llvm::enumerate(model.stages))
    os << (i ? ", " : "") << stage.function << "_argv";
  os << "}\n#define RIFFLE_STAGE_BUFFERS {";
  for (auto [i, stage] : llvm::enumerate(model.stages)) {
    SmallVector<int64_t> indices;
    for (const PipelineBuffer &buffer : stage.buffers)
      switch (buffer.kind) {
      case PipelineBuffer::Kind::Argument:
        indices.push_back(buffer.index);
        break;
      case PipelineBuffer::Kind::Result:
        indices.push_back(model.inputs.size() + buffer.index);
        break;
      case PipelineBuffer::Kind::Intermediate:
        indices.push_back(numArgs + buffer.index);
        break;
      }
    indices.push_back(-1);
    os << (i ? ", " : "") << initializer(indices);
  }
  os << "}\n#define RIFFLE_CALL_PIPELINE(b) riffle_call_stages(b)\n";
}

} // namespace

std::string mlir::riffle::aot::makeModelHeader(const ModelSignature &model) {
  const std::string &name = model.name;
  std::string text;
  llvm::raw_string_ostream os(text);
  std::string guard = "RIFFLE_GENERATED_" + llvm::StringRef(name).upper() +
                      "_H";
  os << "/* " << name << ".h: generated by rifflec --emit=lib (target "
     << model.target << ").\n"
     << " *\n"
     << " * Link with " << name
     << ".a (or .so) -lpthread -ldl -lm; a library compiled with\n"
     << " * --no-runtime also needs riffle_runtime.a (rifflec --emit=runtime), "
        "one for\n"
     << " * every model in the program. The functions below are compiled "
        "into the\n"
     << " * library (lib/Codegen/glue/riffle_glue_model.c).\n"
     << " *\n"
     << " * int " << name << "(halide_buffer_t *input_0, ..., halide_buffer_t "
        "*output_0, ...)\n"
     << " *   The Halide entry. Buffers list dimensions fastest first (x, y, "
        "c, n for\n"
     << " *   NCHW). Returns 0, or non-zero for a NULL buffer, one without "
        "memory (no\n"
     << " *   bounds queries), or one of the wrong shape, stride or type; "
     << name << "_last_error()\n"
     << " *   then says which argument and why.\n"
     << (model.dynamicBatch
             ? " *   Dynamic batch: the outermost dimension (n) may have any "
               "extent >= 1,\n"
               " *   the same for every argument, and any stride; each sample "
               "is one call of\n"
               " *   the batch-1 pipeline (throughput of batch 1 per "
               "sample).\n"
             : "")
     << (model.sampleLoop > 1
             ? " *   The batch of " + std::to_string(model.sampleLoop) +
                   " is computed one sample at a time (the plan's "
                   "riffle.sample_loop).\n"
             : "")
     << (model.gpu ? " *   GPU target: buffers may be host or device resident "
                     "(halide_copy_to_device);\n"
                     " *   a host input must be flagged "
                     "halide_buffer_flag_host_dirty to be copied over;\n"
                     " *   outputs are left on the device (device_dirty): "
                     "call halide_copy_to_host.\n"
                   : "")
     << " * int " << name << "_run(const float *in0, ..., float *out0, ...)\n"
     << " *   The same over dense row-major (NCHW) float arrays of the shapes "
        "below:\n"
     << " *   inputs first, then outputs, in the model's order."
     << (model.gpu ? " It copies the\n"
                     " *   inputs to the device and the outputs back.\n"
                   : "\n")
     << (model.dynamicBatch
             ? " * int " + name +
                   "_run_batch(int batch, const float *in0, ..., float "
                   "*out0, ...)\n"
                   " *   " + name +
                   "_run over `batch` samples stored one after another.\n"
             : "")
     << " * const char *" << name << "_last_error(void)\n"
     << " *   The message of the calling thread's last failed call (\"\" "
        "before any).\n"
     << " * int " << name << "_set_num_threads(int n)\n"
     << " *   Halide's thread count; per process (one Halide runtime is "
        "shared by every\n"
     << " *   model in it). Returns the previous count.\n"
     << " * " << name << "_num_inputs(), " << name << "_input_rank(i), "
     << name << "_input_dim(i, d), and the\n"
     << " *   same for outputs: the shapes below at run time (-1 out of "
        "range); " << name << "_dynamic_batch().\n"
     << " *\n"
     << " * Threads: every entry may be called from several threads at once. "
        "Halide's\n"
     << " * error handler and buffer cache are installed once per process, "
        "at the first\n"
     << " * call; ones the application installed before (halide_set_error_"
        "handler,\n"
     << " * halide_set_custom_malloc) are kept.\n"
     << " */\n";
  os << "#ifndef " << guard << "\n#define " << guard << "\n\n";
  os << "#include <stdint.h>\n\n";
  // Halide's header carries HalideRuntime.h (halide_buffer_t and friends),
  // unless the pipeline was compiled without the runtime; rifflec then
  // writes HalideRuntime.h next to NAME.h.
  if (model.noRuntime)
    os << "#include \"HalideRuntime.h\"\n";
  os << "#include \"" << name << "_halide.h\"\n\n";
  os << "#define " << name << "_NUM_INPUTS " << model.inputs.size() << "\n";
  os << "#define " << name << "_NUM_OUTPUTS " << model.outputs.size() << "\n";
  os << "#define " << name << "_DYNAMIC_BATCH " << (model.dynamicBatch ? 1 : 0)
     << "\n\n";
  for (auto [i, shape] : llvm::enumerate(model.inputs))
    emitShape(os, name, "input" + std::to_string(i), shape);
  for (auto [i, shape] : llvm::enumerate(model.outputs))
    emitShape(os, name, "output" + std::to_string(i), shape);
  if (model.inputs.size() == 1) {
    os << "\n/* The single input, unindexed. */\n";
    emitShape(os, name, "input", model.inputs.front());
  }
  if (model.outputs.size() == 1) {
    os << "\n/* The single output, unindexed. */\n";
    emitShape(os, name, "output", model.outputs.front());
  }
  os << "\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  os << "int " << name << "(" << entryParams(model) << ");\n";
  os << "int " << name << "_run(" << runParams(model) << ");\n";
  if (model.dynamicBatch)
    os << "int " << name << "_run_batch(int batch, " << runParams(model)
       << ");\n";
  os << "const char *" << name << "_last_error(void);\n";
  os << "int " << name << "_set_num_threads(int n);\n";
  os << "int " << name << "_num_inputs(void);\n";
  os << "int " << name << "_num_outputs(void);\n";
  os << "int " << name << "_input_rank(int i);\n";
  os << "int " << name << "_input_dim(int i, int d);\n";
  os << "int " << name << "_output_rank(int i);\n";
  os << "int " << name << "_output_dim(int i, int d);\n";
  os << "int " << name << "_dynamic_batch(void);\n";
  os << "\n#ifdef __cplusplus\n} /* extern \"C\" */\n#endif\n\n";
  os << "#endif /* " << guard << " */\n";
  return text;
}

std::string mlir::riffle::aot::makeGlueConfig(const ModelSignature &model) {
  const std::string &name = model.name;
  std::string text;
  llvm::raw_string_ostream os(text);
  SmallVector<Shape> args(model.inputs.begin(), model.inputs.end());
  args.append(model.outputs.begin(), model.outputs.end());
  size_t maxRank = 1;
  for (const Shape &shape : args)
    maxRank = std::max(maxRank, shape.size());
  for (const Shape &shape : model.intermediates)
    maxRank = std::max(maxRank, shape.size());
  SmallVector<std::string> argNames = entryArgNames(model);

  os << "/* riffle_glue_config.h: generated by rifflec for "
        "riffle_glue_model.c. */\n"
     << "#include \"HalideRuntime.h\"\n"
     << "#include \"" << name << ".h\"\n\n"
     << "#define RIFFLE_MODEL_NAME_STR \"" << name << "\"\n"
     << "#define RIFFLE_ENTRY " << name << "\n"
     << "#define RIFFLE_SYM(suffix) " << name << "_##suffix\n"
     << "#define RIFFLE_NUM_INPUTS " << model.inputs.size() << "\n"
     << "#define RIFFLE_NUM_OUTPUTS " << model.outputs.size() << "\n"
     << "#define RIFFLE_MAX_RANK " << maxRank << "\n"
     << "#define RIFFLE_GPU " << (model.gpu ? 1 : 0) << "\n"
     << "#define RIFFLE_DYNAMIC_BATCH " << (model.dynamicBatch ? 1 : 0)
     << "\n"
     << "#define RIFFLE_SAMPLE_LOOP " << model.sampleLoop << "\n"
     << "#define RIFFLE_PROFILE " << (model.profile ? 1 : 0) << "\n";
  os << "#define RIFFLE_RANKS {";
  for (auto [i, shape] : llvm::enumerate(args))
    os << (i ? ", " : "") << shape.size();
  os << "}\n#define RIFFLE_SHAPES {";
  for (auto [i, shape] : llvm::enumerate(args)) {
    os << (i ? ", " : "") << "{";
    llvm::interleaveComma(shape, os);
    if (shape.empty())
      os << "0";
    os << "}";
  }
  os << "}\n#define RIFFLE_ARG_NAMES {";
  for (auto [i, arg] : llvm::enumerate(argNames))
    os << (i ? ", " : "") << "\"" << arg << "\"";
  os << "}\n#define RIFFLE_RUN_NAMES {";
  for (size_t i = 0; i < args.size(); ++i) {
    bool input = i < model.inputs.size();
    os << (i ? ", " : "") << "\""
       << runParamName(model, input, input ? i : i - model.inputs.size())
       << "\"";
  }
  os << "}\n#define RIFFLE_ENTRY_PARAMS " << entryParams(model) << "\n"
     << "#define RIFFLE_ENTRY_BUFFERS {";
  llvm::interleaveComma(argNames, os);
  os << "}\n#define RIFFLE_RUN_PARAMS " << runParams(model) << "\n"
     << "#define RIFFLE_RUN_ARRAYS {";
  for (size_t i = 0; i < args.size(); ++i) {
    bool input = i < model.inputs.size();
    os << (i ? ", " : "") << "(const void *)"
       << runParamName(model, input, input ? i : i - model.inputs.size());
  }
  os << "}\n";
  emitStageTables(os, model);
  return text;
}

std::string mlir::riffle::aot::makeRunnerGlue(const ModelSignature &model) {
  const std::string &name = model.name;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* riffle_runner_model.h: generated by rifflec --emit=runner. */\n"
     << "#include \"" << name << ".h\"\n\n"
     << "#define RIFFLE_MODEL_NAME \"" << name << "\"\n"
     << "#define RIFFLE_MODEL_TARGET \"" << model.target << "\"\n";
  // The driver library the GPU runtime loads (the names Halide's runtime
  // tries), so the runner can report a missing one in one line.
  Halide::Target parsed(model.target);
  if (parsed.has_feature(Halide::Target::CUDA))
    os << "#define RIFFLE_MODEL_DEVICE_API \"CUDA\"\n"
       << "#define RIFFLE_MODEL_DEVICE_LIBRARIES {\"libcuda.so\", "
          "\"libcuda.so.1\"}\n";
  else if (parsed.has_feature(Halide::Target::OpenCL))
    os << "#define RIFFLE_MODEL_DEVICE_API \"OpenCL\"\n"
       << "#define RIFFLE_MODEL_DEVICE_LIBRARIES {\"libOpenCL.so\", "
          "\"libOpenCL.so.1\"}\n";
  auto tables = [&](llvm::StringRef kind, ArrayRef<Shape> shapes) {
    os << "static const int riffle_num_" << kind << "s = " << shapes.size()
       << ";\n";
    os << "static const int riffle_" << kind << "_ranks[] = {";
    for (auto [i, shape] : llvm::enumerate(shapes))
      os << (i ? ", " : "") << shape.size();
    os << (shapes.empty() ? "0" : "") << "};\n";
    os << "static const int *const riffle_" << kind << "_shapes[] = {";
    for (size_t i = 0; i < shapes.size(); ++i)
      os << (i ? ", " : "") << name << "_" << kind << i << "_shape";
    os << (shapes.empty() ? "nullptr" : "") << "};\n";
  };
  tables("input", model.inputs);
  tables("output", model.outputs);
  os << "static const char *riffle_model_last_error(void) { return " << name
     << "_last_error(); }\n";
  os << "static int riffle_model_call(const float *const *in, float *const "
        "*out) {\n  (void)in;\n  (void)out;\n  return "
     << name << "_run(";
  bool first = true;
  for (size_t i = 0; i < model.inputs.size(); ++i, first = false)
    os << (first ? "" : ", ") << "in[" << i << "]";
  for (size_t i = 0; i < model.outputs.size(); ++i, first = false)
    os << (first ? "" : ", ") << "out[" << i << "]";
  os << ");\n}\n";
  return text;
}
