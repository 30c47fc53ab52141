//===- AotProfile.cpp - The runner's per-layer profile table --------------===//
//
// rifflec --emit=runner --profile compiles the pipeline with Halide's
// `profile` feature: a sampling thread records which Func is being computed
// (halide_profiler_state). NAME_run --profile turns those per-Func times into
// per-layer rows, with this table: each profiled Func's layer, and each
// layer's op, ONNX node name(s) and MACs (riffle/Analysis/CostModel.h).
//
// Funcs are told apart by the names the lowering gives them
// (LoweringState::makeFunc): `<op>_<n>` for an op's result and
// `<op>_<suffix>_<n>` for its other stages (accumulator, padded input,
// gathered channels), `<op>` the op's name without its dialect and `n` a
// counter that grows as the ops are lowered in program order, an op's
// result Func after its other stages. So in counter order an op's Funcs
// come together, ending with its results, and the ops come in program
// order. Funcs of no op (a function argument's padded copy, a result's copy)
// get layer -1.
//
//===----------------------------------------------------------------------===//

#include "AotInternal.h"
#include "riffle/Analysis/CostModel.h"

#include "llvm/ADT/STLExtras.h"

#include "Halide.h"

#include <algorithm>
#include <cctype>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::aot;

namespace {
struct NamedFunc {
  std::string name;
  std::string base; // the name without `_<n>`
  long counter;
};
} // namespace

/// The lowering's spelling of an op's name in Func names.
static std::string funcBaseOf(Operation *op) {
  std::string base;
  for (char ch : op->getName().stripDialect())
    base += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return base;
}

/// `text` as a C string literal.
static std::string cString(llvm::StringRef text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\')
      out += '\\';
    if (static_cast<unsigned char>(ch) < 0x20)
      out += ' ';
    else
      out += ch;
  }
  return out + "\"";
}

std::string mlir::riffle::aot::makeProfileTable(func::FuncOp func,
                                                const LoweredPipeline &lowered,
                                                const ModelSignature &model) {
  // Every Func the pipelines reach, in the lowering's order.
  std::vector<Halide::Internal::Function> outputs;
  for (const PipelineStage &stage : lowered.stages)
    for (const Halide::Func &output : stage.outputs)
      outputs.push_back(output.function());
  std::vector<NamedFunc> funcs;
  for (const auto &entry : Halide::Internal::build_environment(outputs)) {
    // Halide's Function names carry a `$N` of their own (as do the
    // profiler's); the runner compares without it.
    llvm::StringRef name = llvm::StringRef(entry.first).split('$').first;
    size_t underscore = name.rfind('_');
    long counter;
    if (underscore == llvm::StringRef::npos ||
        name.drop_front(underscore + 1).getAsInteger(10, counter))
      counter = -1; // output_N: a result's copy, named apart
    funcs.push_back({name.str(), name.take_front(underscore).str(), counter});
  }
  llvm::sort(funcs, [](const NamedFunc &a, const NamedFunc &b) {
    return a.counter < b.counter;
  });

  // Per model run (a sample loop's MACs are the batch's; the runner divides
  // times by its runs, not the pipelines').
  SmallVector<LayerCost> layers = computeModelCost(func);
  SmallVector<std::string> bases;
  for (const LayerCost &layer : layers)
    bases.push_back(funcBaseOf(layer.op));
  // Func -> layer: the first layer from the current one on whose op the
  // Func's name fits; a layer is done once its result Funcs are seen.
  std::vector<int> layerOf(funcs.size(), -1);
  size_t current = 0;
  unsigned resultsSeen = 0;
  for (auto [index, f] : llvm::enumerate(funcs)) {
    if (f.counter < 0)
      continue;
    for (size_t l = current; l < layers.size(); ++l) {
      bool isResult = f.base == bases[l];
      if (!isResult && !llvm::StringRef(f.base).starts_with(bases[l] + "_"))
        continue;
      if (l != current)
        resultsSeen = 0;
      current = l;
      layerOf[index] = static_cast<int>(l);
      if (isResult && ++resultsSeen == layers[l].op->getNumResults()) {
        ++current;
        resultsSeen = 0;
      }
      break;
    }
  }

  std::string text;
  llvm::raw_string_ostream os(text);
  os << "\n/* Profile table (rifflec --profile): each layer's op, ONNX "
        "node(s), MACs; each Func's layer (-1: none). */\n"
     << "#define RIFFLE_MODEL_PROFILE 1\n"
     << "static const char *const riffle_profile_pipelines[] = {";
  for (const ModelSignature::Stage &stage : model.stages)
    os << cString(stage.function) << ", ";
  os << "0};\n"
     << "struct riffle_profile_layer { const char *op; const char *nodes; "
        "long long macs; };\n"
     << "static const struct riffle_profile_layer riffle_profile_layers[] = "
        "{\n";
  for (const LayerCost &layer : layers)
    os << "  {" << cString(layer.opName) << ", " << cString(layer.locName)
       << ", " << layer.macs << "LL},\n";
  os << "  {0, 0, 0}};\n"
     << "static const int riffle_profile_num_layers = " << layers.size()
     << ";\n"
     << "struct riffle_profile_func { const char *name; int layer; };\n"
     << "static const struct riffle_profile_func riffle_profile_funcs[] = {\n";
  for (auto [index, f] : llvm::enumerate(funcs))
    os << "  {" << cString(f.name) << ", " << layerOf[index] << "},\n";
  os << "  {0, -1}};\n"
     << "static const int riffle_profile_num_funcs = " << funcs.size()
     << ";\n";
  return text;
}
