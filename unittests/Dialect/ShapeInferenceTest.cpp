//===- ShapeInferenceTest.cpp - Result-type inference through builders ----===//
//
// Builds riffle ops from C++ the way passes and the frontend do and checks
// the result types they infer against sizes worked out by hand.
//
//===----------------------------------------------------------------------===//

#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"

#include "gtest/gtest.h"

#include <string>

using namespace mlir;
using namespace mlir::riffle;

namespace {

class ShapeInferenceTest : public ::testing::Test {
protected:
  ShapeInferenceTest() : builder(&context) {
    context.loadDialect<RiffleDialect, arith::ArithDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  /// A zero constant of the given shape (stands in for weights or inputs).
  Value tensor(ArrayRef<int64_t> shape) {
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    return arith::ConstantOp::create(builder, builder.getUnknownLoc(), type,
                                     DenseElementsAttr::get(type, 0.0f));
  }

  static SmallVector<int64_t> shapeOf(Value value) {
    return SmallVector<int64_t>(
        cast<RankedTensorType>(value.getType()).getShape());
  }

  /// Infers conv2d's result type; returns failure (with the diagnostic in
  /// `lastError`) when the configuration is invalid.
  FailureOr<SmallVector<int64_t>>
  inferConv(ArrayRef<int64_t> input, ArrayRef<int64_t> weight,
            ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
            ArrayRef<int64_t> dilations, int64_t groups) {
    OperationState state(builder.getUnknownLoc(),
                         Conv2dOp::getOperationName());
    Conv2dOp::Properties props;
    props.setStrides(builder.getDenseI64ArrayAttr(strides));
    props.setPads(builder.getDenseI64ArrayAttr(pads));
    props.setDilations(builder.getDenseI64ArrayAttr(dilations));
    props.setGroups(builder.getI64IntegerAttr(groups));
    SmallVector<Value> operands = {tensor(input), tensor(weight)};
    SmallVector<Type> types;
    ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diag) {
      lastError = diag.str();
      return success();
    });
    if (failed(Conv2dOp::inferReturnTypes(
            &context, builder.getUnknownLoc(), operands,
            builder.getDictionaryAttr({}), OpaqueProperties(&props), {},
            types)))
      return failure();
    return SmallVector<int64_t>(cast<RankedTensorType>(types[0]).getShape());
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  std::string lastError;
};

TEST_F(ShapeInferenceTest, ConvOutputSizes) {
  // 3x3 stride 2 pad 1 on 224: floor((224 + 2 - 3) / 2) + 1 = 112.
  EXPECT_EQ(*inferConv({1, 3, 224, 224}, {24, 3, 3, 3}, {2, 2}, {1, 1, 1, 1},
                       {1, 1}, 1),
            (SmallVector<int64_t>{1, 24, 112, 112}));
  // Depthwise 3x3 stride 2 on an odd, non-square 15x9 plane: 8x5.
  EXPECT_EQ(*inferConv({2, 16, 15, 9}, {16, 1, 3, 3}, {2, 2}, {1, 1, 1, 1},
                       {1, 1}, 16),
            (SmallVector<int64_t>{2, 16, 8, 5}));
  // Grouped 1x1: 240 -> 60 channels in 3 groups (80 in / 20 out per group).
  EXPECT_EQ(*inferConv({1, 240, 28, 28}, {60, 80, 1, 1}, {1, 1},
                       {0, 0, 0, 0}, {1, 1}, 3),
            (SmallVector<int64_t>{1, 60, 28, 28}));
  // Dilation 2 makes a 3x3 kernel span 5: 10 - 5 + 1 = 6. Asymmetric 1x3.
  EXPECT_EQ(*inferConv({1, 4, 10, 10}, {4, 4, 1, 3}, {1, 1}, {0, 0, 0, 0},
                       {2, 2}, 1),
            (SmallVector<int64_t>{1, 4, 10, 6}));
}

TEST_F(ShapeInferenceTest, ConvRejectsBadGroups) {
  EXPECT_TRUE(failed(inferConv({1, 8, 4, 4}, {6, 2, 1, 1}, {1, 1},
                               {0, 0, 0, 0}, {1, 1}, 3)));
  EXPECT_NE(lastError.find("groups (3) must divide the input channels (8)"),
            std::string::npos)
      << lastError;
  EXPECT_TRUE(failed(inferConv({1, 8, 4, 4}, {6, 4, 1, 1}, {0, 1},
                               {0, 0, 0, 0}, {1, 1}, 2)));
  EXPECT_NE(lastError.find("'strides' entries to be at least 1"),
            std::string::npos)
      << lastError;
}

TEST_F(ShapeInferenceTest, PoolCeilMode) {
  Value input = tensor({1, 24, 112, 112});
  Location loc = builder.getUnknownLoc();
  // (112 + 2 - 3) / 2 = 55.5: floor mode gives 56, ceil mode 57 (the last
  // window starts at 112, inside the input plus its leading pad).
  auto pool = MaxPool2dOp::create(
      builder, loc, input, builder.getDenseI64ArrayAttr({3, 3}),
      builder.getDenseI64ArrayAttr({2, 2}),
      builder.getDenseI64ArrayAttr({1, 1, 1, 1}),
      builder.getDenseI64ArrayAttr({1, 1}), builder.getBoolAttr(true));
  EXPECT_EQ(shapeOf(pool), (SmallVector<int64_t>{1, 24, 57, 57}));
  // 13 with kernel 3 stride 2 no pad: floor 6, ceil 6 (5 * 2 + 3 = 13 fits);
  // 14: floor 6, ceil 7 (the last window starts at 12 < 14).
  Value odd = tensor({1, 1, 14, 13});
  auto ceilPool = MaxPool2dOp::create(
      builder, loc, odd, builder.getDenseI64ArrayAttr({3, 3}),
      builder.getDenseI64ArrayAttr({2, 2}),
      builder.getDenseI64ArrayAttr({0, 0, 0, 0}),
      builder.getDenseI64ArrayAttr({1, 1}), builder.getBoolAttr(true));
  EXPECT_EQ(shapeOf(ceilPool), (SmallVector<int64_t>{1, 1, 7, 6}));
  // 5 with pad 1, kernel 2, stride 2: floor((5 + 2 - 2) / 2) + 1 = 3; ceil
  // gives 4, but that window would start at 6, in the trailing padding
  // (6 >= 5 + 1), so it is dropped: 3.
  Value five = tensor({1, 1, 5, 5});
  auto padded = AvgPool2dOp::create(
      builder, loc, five, builder.getDenseI64ArrayAttr({2, 2}),
      builder.getDenseI64ArrayAttr({2, 2}),
      builder.getDenseI64ArrayAttr({1, 1, 1, 1}), builder.getBoolAttr(true),
      builder.getBoolAttr(false));
  EXPECT_EQ(shapeOf(padded), (SmallVector<int64_t>{1, 1, 3, 3}));
}

TEST_F(ShapeInferenceTest, ChannelShufflePermutation) {
  // 6 channels in 2 groups of 3: [a0 a1 a2 | b0 b1 b2] -> [a0 b0 a1 b1 a2 b2].
  EXPECT_EQ(ChannelShuffleOp::getPermutation(6, 2),
            (SmallVector<int64_t>{0, 3, 1, 4, 2, 5}));
  // 6 channels in 3 groups of 2: [a0 a1 | b0 b1 | c0 c1] -> [a0 b0 c0 a1 b1 c1].
  EXPECT_EQ(ChannelShuffleOp::getPermutation(6, 3),
            (SmallVector<int64_t>{0, 2, 4, 1, 3, 5}));
}

TEST_F(ShapeInferenceTest, BroadcastAndDataMovement) {
  Location loc = builder.getUnknownLoc();
  Value planes = tensor({2, 16, 7, 5});
  Value scale = tensor({2, 16, 1, 1});
  EXPECT_EQ(shapeOf(MulOp::create(builder, loc, planes, scale)),
            (SmallVector<int64_t>{2, 16, 7, 5}));

  auto split = SplitOp::create(builder, loc, planes, builder.getI64IntegerAttr(1),
                               builder.getDenseI64ArrayAttr({4, 12}));
  ASSERT_EQ(split.getNumResults(), 2u);
  EXPECT_EQ(shapeOf(split.getResult(1)), (SmallVector<int64_t>{2, 12, 7, 5}));

  auto concat = ConcatOp::create(builder, loc, ValueRange{planes, split.getResult(0)},
                                 builder.getI64IntegerAttr(1));
  EXPECT_EQ(shapeOf(concat), (SmallVector<int64_t>{2, 20, 7, 5}));

  // Every other channel from 1 to 15: 1, 3, ..., 15 = 8 channels.
  auto slice = SliceOp::create(builder, loc, planes, builder.getI64IntegerAttr(1),
                               builder.getI64IntegerAttr(1),
                               builder.getI64IntegerAttr(16),
                               builder.getI64IntegerAttr(2));
  EXPECT_EQ(shapeOf(slice), (SmallVector<int64_t>{2, 8, 7, 5}));

  auto flat = FlattenOp::create(builder, loc, planes, builder.getI64IntegerAttr(1));
  EXPECT_EQ(shapeOf(flat), (SmallVector<int64_t>{2, 560}));

  auto pooled = GlobalAvgPoolOp::create(builder, loc, planes);
  EXPECT_EQ(shapeOf(pooled), (SmallVector<int64_t>{2, 16, 1, 1}));
}

} // namespace
