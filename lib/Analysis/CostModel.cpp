//===- CostModel.cpp - MACs and parameters per layer, thop style ----------===//
//
// See CostModel.h for the rules and where they come from.
//
//===----------------------------------------------------------------------===//

#include "riffle/Analysis/CostModel.h"
#include "riffle/Dialect/Riffle/CodegenPlan.h"
#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cstdio>

using namespace mlir;
using namespace mlir::riffle;

namespace {

/// Elements of a statically shaped value's type; 0 for a null value or a
/// type without a static shape (riffle's verifiers rule those out).
int64_t numElements(Value value) {
  if (!value)
    return 0;
  auto type = dyn_cast<ShapedType>(value.getType());
  if (!type || !type.hasStaticShape())
    return 0;
  return type.getNumElements();
}

ArrayRef<int64_t> shapeOf(Value value) {
  auto type = dyn_cast<ShapedType>(value.getType());
  if (!type || !type.hasRank())
    return {};
  return type.getShape();
}

/// Collects the names of the NameLocs in `loc`, looking through FusedLocs.
void collectNames(Location loc, SmallVectorImpl<std::string> &names) {
  if (auto named = dyn_cast<NameLoc>(loc)) {
    names.push_back(named.getName().str());
    return;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      collectNames(inner, names);
}

std::string locationName(Location loc) {
  SmallVector<std::string> names;
  collectNames(loc, names);
  return llvm::join(names, "+");
}

std::string formatType(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    if (shaped.hasStaticShape())
      return formatDims(shaped.getShape());
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

/// (MACs, params) of one op.
std::pair<int64_t, int64_t> costOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::pair<int64_t, int64_t>>(op)
      .Case([](Conv2dOp conv) -> std::pair<int64_t, int64_t> {
        // Weight [Cout, Cin/groups, kH, kW]: every output element takes
        // Cin/groups * kH * kW multiply-adds, plus one add for the bias.
        ArrayRef<int64_t> w = shapeOf(conv.getWeight());
        int64_t out = numElements(conv.getOutput());
        int64_t perOutput = w.size() == 4 ? w[1] * w[2] * w[3] : 0;
        int64_t macs = out * perOutput + (conv.getBias() ? out : 0);
        return {macs,
                numElements(conv.getWeight()) + numElements(conv.getBias())};
      })
      .Case([](GemmOp gemm) -> std::pair<int64_t, int64_t> {
        // nn.Linear: in_features multiply-adds per output; the bias is not
        // counted (thop's count_linear).
        ArrayRef<int64_t> in = shapeOf(gemm.getInput());
        int64_t inFeatures = in.size() == 2 ? in[1] : 0;
        return {numElements(gemm.getOutput()) * inFeatures,
                numElements(gemm.getWeight()) + numElements(gemm.getBias())};
      })
      .Case([](BatchNormOp bn) -> std::pair<int64_t, int64_t> {
        return {2 * numElements(bn.getInput()),
                numElements(bn.getScale()) + numElements(bn.getBias())};
      })
      .Case([](AvgPool2dOp pool) -> std::pair<int64_t, int64_t> {
        return {numElements(pool.getOutput()), 0};
      })
      .Case([](GlobalAvgPoolOp pool) -> std::pair<int64_t, int64_t> {
        ArrayRef<int64_t> in = shapeOf(pool.getInput());
        int64_t window = in.size() == 4 ? in[2] * in[3] : 0;
        return {(window + 1) * numElements(pool.getOutput()), 0};
      })
      .Default([](Operation *) -> std::pair<int64_t, int64_t> {
        return {0, 0};
      });
}

} // namespace

std::string mlir::riffle::formatDims(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(shape, os, "x");
  return text;
}

std::string mlir::riffle::formatCount(int64_t count) {
  double value = static_cast<double>(count);
  static const struct {
    double scale;
    const char *suffix;
  } units[] = {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "K"}};
  for (const auto &unit : units) {
    if (value > unit.scale) {
      char buffer[64];
      std::snprintf(buffer, sizeof(buffer), "%.2f%s", value / unit.scale,
                    unit.suffix);
      return buffer;
    }
  }
  return std::to_string(count);
}

LayerCost mlir::riffle::computeLayerCost(Operation *op) {
  LayerCost cost;
  cost.op = op;
  OperationName name = op->getName();
  cost.opName =
      name.getDialectNamespace() == RiffleDialect::getDialectNamespace()
          ? name.stripDialect().str()
          : name.getStringRef().str();
  cost.locName = locationName(op->getLoc());
  if (op->getNumResults() > 0)
    cost.outputShape.assign(shapeOf(op->getResult(0)).begin(),
                            shapeOf(op->getResult(0)).end());
  std::tie(cost.macs, cost.params) = costOf(op);
  return cost;
}

SmallVector<LayerCost> mlir::riffle::computeModelCost(func::FuncOp func) {
  SmallVector<LayerCost> layers;
  if (func.isExternal())
    return layers;
  // A plan computing one sample at a time runs each op once per sample.
  const int64_t samples = getSampleLoop(func);
  func.getBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (isa<arith::ConstantOp>(op) || op->hasTrait<OpTrait::IsTerminator>())
      return;
    layers.push_back(computeLayerCost(op));
    layers.back().macs *= samples;
  });
  return layers;
}

ModelCost mlir::riffle::sumCosts(ArrayRef<LayerCost> layers) {
  ModelCost total;
  for (const LayerCost &layer : layers) {
    total.macs += layer.macs;
    total.params += layer.params;
  }
  return total;
}

void mlir::riffle::printCostReport(func::FuncOp func, llvm::raw_ostream &os,
                                   llvm::StringRef title) {
  SmallVector<LayerCost> layers = computeModelCost(func);
  ModelCost total = sumCosts(layers);

  enum Align { Left, Right };
  struct Column {
    const char *header;
    Align align;
  };
  static const Column columns[] = {
      {"#", Right},    {"op", Left},  {"output shape", Left},
      {"MACs", Right}, {"", Right},   {"params", Right},
      {"", Right},     {"name", Left}};
  constexpr size_t numColumns = std::size(columns);

  bool anyName = llvm::any_of(
      layers, [](const LayerCost &layer) { return !layer.locName.empty(); });
  size_t shown = anyName ? numColumns : numColumns - 1;

  std::vector<std::vector<std::string>> rows;
  rows.emplace_back();
  for (const Column &column : columns)
    rows.back().push_back(column.header);
  for (auto [index, layer] : llvm::enumerate(layers)) {
    std::vector<std::string> row;
    row.push_back(std::to_string(index));
    row.push_back(layer.opName);
    SmallVector<std::string> shapes;
    for (Type type : layer.op->getResultTypes())
      shapes.push_back(formatType(type));
    row.push_back(llvm::join(shapes, ", "));
    row.push_back(std::to_string(layer.macs));
    row.push_back(formatCount(layer.macs));
    row.push_back(std::to_string(layer.params));
    row.push_back(formatCount(layer.params));
    row.push_back(layer.locName);
    rows.push_back(std::move(row));
  }

  size_t widths[numColumns] = {};
  for (const auto &row : rows)
    for (size_t c = 0; c < shown; ++c)
      widths[c] = std::max(widths[c], row[c].size());

  os << (title.empty() ? ("@" + func.getSymName()).str() : title.str()) << "\n";
  if (int64_t samples = getSampleLoop(func); samples > 1)
    os << "(planned one sample at a time, riffle.sample_loop = " << samples
       << ": shapes are one sample's, MACs the batch's)\n";
  for (const auto &row : rows) {
    std::string line;
    for (size_t c = 0; c < shown; ++c) {
      line += "  ";
      size_t pad = widths[c] - row[c].size();
      if (columns[c].align == Right)
        line.append(pad, ' ');
      line += row[c];
      if (columns[c].align == Left)
        line.append(pad, ' ');
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    os << line << "\n";
  }
  os << "total MACs: " << total.macs << " (" << formatCount(total.macs)
     << ")\n";
  os << "total params: " << total.params << " (" << formatCount(total.params)
     << ")\n";
}
