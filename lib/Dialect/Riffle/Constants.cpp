//===- Constants.cpp - Reading and creating weight constants --------------===//

#include "riffle/Dialect/Riffle/Constants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/BuiltinDialect.h"

using namespace mlir;

std::optional<std::vector<float>>
mlir::riffle::getConstantFloats(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(constant.getType());
  if (!type || !type.getElementType().isF32())
    return std::nullopt;
  Attribute attr = constant.getValue();
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    auto range = dense.getValues<float>();
    return std::vector<float>(range.begin(), range.end());
  }
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data || static_cast<int64_t>(data->size()) != type.getNumElements())
      return std::nullopt;
    return std::vector<float>(data->begin(), data->end());
  }
  return std::nullopt;
}

Value mlir::riffle::createFloatConstant(OpBuilder &builder, Location loc,
                                        RankedTensorType type,
                                        ArrayRef<float> values,
                                        StringRef nameHint) {
  Attribute attr;
  if (values.size() <= 16)
    attr = DenseElementsAttr::get(type, values);
  else
    attr = DenseResourceElementsAttr::get(
        type, nameHint,
        HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
  return arith::ConstantOp::create(builder, loc, cast<TypedAttr>(attr));
}

SmallVector<int64_t>
mlir::riffle::invertPermutation(ArrayRef<int64_t> map) {
  SmallVector<int64_t> inverse(map.size());
  for (auto [i, j] : llvm::enumerate(map))
    inverse[j] = i;
  return inverse;
}
