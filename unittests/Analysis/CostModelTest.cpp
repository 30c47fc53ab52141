//===- CostModelTest.cpp - MACs and params by thop's conventions ----------===//
//
// Checks the per-op rules of riffle/Analysis/CostModel.h against figures
// worked out by hand (and DESIGN.md's thop reference figures), the human
// format against thop's clever_format, and printCostReport's output against
// the CHECK lines of test/Analysis/report-conv.mlir (the lit test that runs
// once `rifflec --report` is wired).
//
//===----------------------------------------------------------------------===//

#include "riffle/Analysis/CostModel.h"
#include "riffle/Dialect/Riffle/RiffleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringExtras.h"

#include "gtest/gtest.h"

#include <string>

using namespace mlir;
using namespace mlir::riffle;

namespace {

class CostModelTest : public ::testing::Test {
protected:
  CostModelTest() {
    context
        .loadDialect<RiffleDialect, arith::ArithDialect, func::FuncDialect>();
  }

  /// Parses a module holding one function; fails the test on bad IR.
  func::FuncOp parse(llvm::StringRef source) {
    module = parseSourceString<ModuleOp>(source, ParserConfig(&context));
    EXPECT_TRUE(module) << "cannot parse:\n" << source.str();
    if (!module)
      return nullptr;
    auto funcs = module->getOps<func::FuncOp>();
    return funcs.empty() ? nullptr : *funcs.begin();
  }

  /// The cost of the one op of `opName` in a parsed function.
  LayerCost costOfOnly(func::FuncOp func, llvm::StringRef opName) {
    SmallVector<LayerCost> layers = computeModelCost(func);
    LayerCost found;
    int matches = 0;
    for (const LayerCost &layer : layers)
      if (layer.opName == opName) {
        found = layer;
        ++matches;
      }
    EXPECT_EQ(matches, 1) << "expected one " << opName.str();
    return found;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

//===----------------------------------------------------------------------===//
// DESIGN.md's reference figures: Conv2d(6, 30, 3, 1) on 1x6x112x112
//===----------------------------------------------------------------------===//

TEST_F(CostModelTest, DesignGroupConvFigures) {
  // Build the four convs from C++, the way the frontend and passes do.
  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto f32 = builder.getF32Type();
  auto inputType = RankedTensorType::get({1, 6, 112, 112}, f32);
  auto func = func::FuncOp::create(builder, loc, "conv_groups",
                                   builder.getFunctionType({inputType}, {}));
  builder.setInsertionPointToStart(func.addEntryBlock());
  Value input = func.getArgument(0);
  auto constant = [&](ArrayRef<int64_t> shape, float value) -> Value {
    auto type = RankedTensorType::get(shape, f32);
    return arith::ConstantOp::create(builder, loc, type,
                                     DenseElementsAttr::get(type, value));
  };

  struct Expected {
    int64_t groups, macs, params;
    const char *humanMacs, *humanParams;
  };
  // 1x30x110x110 = 363000 outputs, each taking 6/g * 3 * 3 multiply-adds
  // plus one for the bias; params 30 * 6/g * 9 + 30.
  const Expected expected[] = {{1, 19965000, 1650, "19.96M", "1.65K"},
                               {2, 10164000, 840, "10.16M", "840"},
                               {3, 6897000, 570, "6.90M", "570"},
                               {6, 3630000, 300, "3.63M", "300"}};
  SmallVector<Value> results;
  for (const Expected &e : expected) {
    Value weight = constant({30, 6 / e.groups, 3, 3}, 0.1f);
    Value bias = constant({30}, 0.5f);
    auto conv = Conv2dOp::create(
        builder,
        NameLoc::get(
            builder.getStringAttr("conv_g" + std::to_string(e.groups))),
        input, weight, bias, /*strides=*/{1, 1}, /*pads=*/{0, 0, 0, 0},
        /*dilations=*/{1, 1}, e.groups, /*act=*/nullptr,
        /*input_channel_map=*/nullptr, /*output_channel_map=*/nullptr);
    results.push_back(conv);
  }
  func::ReturnOp::create(builder, loc, results);
  func.setType(
      builder.getFunctionType({inputType}, ValueRange(results).getTypes()));
  ASSERT_TRUE(succeeded(verify(*module)));

  SmallVector<LayerCost> layers = computeModelCost(func);
  ASSERT_EQ(layers.size(), 4u); // the constants and the return are no layers
  for (auto [layer, e] : llvm::zip_equal(layers, expected)) {
    SCOPED_TRACE("groups " + std::to_string(e.groups));
    EXPECT_EQ(layer.opName, "conv2d");
    EXPECT_EQ(layer.locName, "conv_g" + std::to_string(e.groups));
    EXPECT_EQ(layer.outputShape, (SmallVector<int64_t>{1, 30, 110, 110}));
    EXPECT_EQ(layer.macs, e.macs);
    EXPECT_EQ(layer.params, e.params);
    EXPECT_EQ(formatCount(layer.macs), e.humanMacs);
    EXPECT_EQ(formatCount(layer.params), e.humanParams);
  }
  ModelCost total = sumCosts(layers);
  EXPECT_EQ(total.macs, 19965000 + 10164000 + 6897000 + 3630000);
  EXPECT_EQ(total.params, 1650 + 840 + 570 + 300);
}

//===----------------------------------------------------------------------===//
// Per-op rules
//===----------------------------------------------------------------------===//

TEST_F(CostModelTest, ConvWithoutBiasCountsNoBiasAdds) {
  // Same conv without bias: 363000 * 54 and 1620 weights.
  func::FuncOp func = parse(R"mlir(
    func.func @f(%x: tensor<1x6x112x112xf32>) -> tensor<1x30x110x110xf32> {
      %w = arith.constant dense<0.1> : tensor<30x6x3x3xf32>
      %y = riffle.conv2d %x, %w : (tensor<1x6x112x112xf32>, tensor<30x6x3x3xf32>) -> tensor<1x30x110x110xf32>
      return %y : tensor<1x30x110x110xf32>
    })mlir");
  ASSERT_TRUE(func);
  LayerCost conv = costOfOnly(func, "conv2d");
  EXPECT_EQ(conv.macs, 19602000);
  EXPECT_EQ(conv.params, 1620);
}

TEST_F(CostModelTest, ConvWindowAndBatchFollowTheOutputType) {
  // MobileNet V2's stem at batch 2: 3x3 stride 2 pad 1 on 224 -> 112, 32
  // filters: 2*32*112*112 = 802816 outputs * 27 = 21676032; the fused
  // activation adds nothing. Depthwise 3x3 dilation 2 pad 2 over 32
  // channels at 112: 802816 * 9 + 802816 (bias).
  func::FuncOp func = parse(R"mlir(
    func.func @f(%x: tensor<2x3x224x224xf32>) -> tensor<2x32x112x112xf32> {
      %w = arith.constant dense<0.1> : tensor<32x3x3x3xf32>
      %y = riffle.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, act = #riffle.act<clip(0.0, 6.0)>} : (tensor<2x3x224x224xf32>, tensor<32x3x3x3xf32>) -> tensor<2x32x112x112xf32>
      %wd = arith.constant dense<0.1> : tensor<32x1x3x3xf32>
      %bd = arith.constant dense<0.1> : tensor<32xf32>
      %z = riffle.conv2d %y, %wd, %bd {groups = 32 : i64, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 2, 2>} : (tensor<2x32x112x112xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>) -> tensor<2x32x112x112xf32>
      return %z : tensor<2x32x112x112xf32>
    })mlir");
  ASSERT_TRUE(func);
  SmallVector<LayerCost> layers = computeModelCost(func);
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(layers[0].macs, 21676032);
  EXPECT_EQ(layers[0].params, 864);
  EXPECT_EQ(layers[1].macs, 802816 * 10);
  EXPECT_EQ(layers[1].params, 32 * 9 + 32);
}

TEST_F(CostModelTest, GemmCountsInFeaturesPerOutputAndNoBias) {
  // nn.Linear(1024, 1000) at batch 2: 2000 outputs * 1024; params
  // 1024000 + 1000. thop's count_linear leaves the bias out of the MACs.
  func::FuncOp func = parse(R"mlir(
    func.func @f(%x: tensor<2x1024xf32>) -> (tensor<2x1000xf32>, tensor<2x1000xf32>) {
      %w = arith.constant dense<0.1> : tensor<1000x1024xf32>
      %b = arith.constant dense<0.1> : tensor<1000xf32>
      %y = riffle.gemm %x, %w, %b : (tensor<2x1024xf32>, tensor<1000x1024xf32>, tensor<1000xf32>) -> tensor<2x1000xf32>
      %z = riffle.gemm %x, %w {act = #riffle.act<relu>} : (tensor<2x1024xf32>, tensor<1000x1024xf32>) -> tensor<2x1000xf32>
      return %y, %z : tensor<2x1000xf32>, tensor<2x1000xf32>
    })mlir");
  ASSERT_TRUE(func);
  SmallVector<LayerCost> layers = computeModelCost(func);
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(layers[0].macs, 2048000);
  EXPECT_EQ(layers[0].params, 1025000);
  EXPECT_EQ(layers[1].macs, 2048000);
  EXPECT_EQ(layers[1].params, 1024000);
}

TEST_F(CostModelTest, BatchNormCountsTwicePerInputAndGammaBeta) {
  // 1x24x56x56 = 75264 inputs; params gamma and beta (48), not the running
  // statistics, which are buffers in PyTorch.
  func::FuncOp func = parse(R"mlir(
    func.func @f(%x: tensor<1x24x56x56xf32>) -> tensor<1x24x56x56xf32> {
      %s = arith.constant dense<1.0> : tensor<24xf32>
      %b = arith.constant dense<0.0> : tensor<24xf32>
      %m = arith.constant dense<0.0> : tensor<24xf32>
      %v = arith.constant dense<1.0> : tensor<24xf32>
      %y = riffle.batch_norm %x, %s, %b, %m, %v : tensor<1x24x56x56xf32>, tensor<24xf32>
      return %y : tensor<1x24x56x56xf32>
    })mlir");
  ASSERT_TRUE(func);
  LayerCost bn = costOfOnly(func, "batch_norm");
  EXPECT_EQ(bn.macs, 150528);
  EXPECT_EQ(bn.params, 48);
}

TEST_F(CostModelTest, PoolsFollowCountAvgpoolAndCountAdapAvgpool) {
  // avg_pool2d 3x3 stride 2 pad 1, 240 channels 56 -> 28: one op per
  // output (188160). Global pool over 1024x7x7: 49 adds and a divide per
  // output, 50 * 1024. Max pooling is free.
  func::FuncOp func = parse(R"mlir(
    func.func @f(%x: tensor<1x240x56x56xf32>, %g: tensor<1x1024x7x7xf32>)
        -> (tensor<1x240x28x28xf32>, tensor<1x1024x1x1xf32>, tensor<1x240x28x28xf32>) {
      %a = riffle.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : tensor<1x240x56x56xf32> -> tensor<1x240x28x28xf32>
      %p = riffle.global_avg_pool %g : tensor<1x1024x7x7xf32> -> tensor<1x1024x1x1xf32>
      %m = riffle.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x240x56x56xf32> -> tensor<1x240x28x28xf32>
      return %a, %p, %m : tensor<1x240x28x28xf32>, tensor<1x1024x1x1xf32>, tensor<1x240x28x28xf32>
    })mlir");
  ASSERT_TRUE(func);
  EXPECT_EQ(costOfOnly(func, "avg_pool2d").macs, 188160);
  EXPECT_EQ(costOfOnly(func, "global_avg_pool").macs, 51200);
  EXPECT_EQ(costOfOnly(func, "max_pool2d").macs, 0);
  ModelCost total = sumCosts(computeModelCost(func));
  EXPECT_EQ(total.macs, 188160 + 51200);
  EXPECT_EQ(total.params, 0);
}

TEST_F(CostModelTest, ActivationsAndDataMovementAreFree) {
  func::FuncOp func = parse(R"mlir(
    func.func @f(%x: tensor<1x24x8x8xf32>, %s: tensor<1x24x1x1xf32>) -> tensor<1x10xf32> {
      %r = riffle.relu %x : tensor<1x24x8x8xf32>
      %l = riffle.leaky_relu %r : tensor<1x24x8x8xf32>
      %c = riffle.clip %l, min = 0.0, max = 6.0 : tensor<1x24x8x8xf32>
      %h = riffle.hardswish %c : tensor<1x24x8x8xf32>
      %g = riffle.hardsigmoid %s : tensor<1x24x1x1xf32>
      %sg = riffle.sigmoid %g : tensor<1x24x1x1xf32>
      %m = riffle.mul %h, %sg : tensor<1x24x8x8xf32>, tensor<1x24x1x1xf32> -> tensor<1x24x8x8xf32>
      %a = riffle.add %m, %x {act = #riffle.act<relu>} : tensor<1x24x8x8xf32>, tensor<1x24x8x8xf32> -> tensor<1x24x8x8xf32>
      %sh = riffle.channel_shuffle %a, groups = 3 : tensor<1x24x8x8xf32>
      %p:2 = riffle.split %sh [12, 12] : tensor<1x24x8x8xf32> -> tensor<1x12x8x8xf32>, tensor<1x12x8x8xf32>
      %sl = riffle.slice %p#0[0:10] : tensor<1x12x8x8xf32> -> tensor<1x10x8x8xf32>
      %cat = riffle.concat %sl, %p#1 : (tensor<1x10x8x8xf32>, tensor<1x12x8x8xf32>) -> tensor<1x22x8x8xf32>
      %f = riffle.flatten %cat : tensor<1x22x8x8xf32> -> tensor<1x1408xf32>
      %re = riffle.reshape %f : tensor<1x1408xf32> -> tensor<1x1408xf32>
      %sm = riffle.softmax %re : tensor<1x1408xf32>
      %w = arith.constant dense<0.1> : tensor<10x1408xf32>
      %y = riffle.gemm %sm, %w : (tensor<1x1408xf32>, tensor<10x1408xf32>) -> tensor<1x10xf32>
      return %y : tensor<1x10xf32>
    })mlir");
  ASSERT_TRUE(func);
  SmallVector<LayerCost> layers = computeModelCost(func);
  ASSERT_EQ(layers.size(), 16u);
  for (const LayerCost &layer : ArrayRef(layers).drop_back()) {
    EXPECT_EQ(layer.macs, 0) << layer.opName;
    EXPECT_EQ(layer.params, 0) << layer.opName;
  }
  EXPECT_EQ(layers.back().opName, "gemm");
  EXPECT_EQ(layers.back().macs, 14080);
  EXPECT_EQ(layers[9].opName, "split");
  EXPECT_EQ(layers[9].outputShape, (SmallVector<int64_t>{1, 12, 8, 8}));
}

TEST_F(CostModelTest, LocationNames) {
  func::FuncOp func = parse(R"mlir(
    func.func @f(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
      %a = riffle.relu %x : tensor<1x4x4x4xf32> loc("Relu_0"("model.onnx":0:0))
      %b = riffle.relu %a : tensor<1x4x4x4xf32> loc(fused["Conv_1", "BatchNormalization_2"])
      %c = riffle.relu %b : tensor<1x4x4x4xf32> loc("model.mlir":3:4)
      return %c : tensor<1x4x4x4xf32>
    })mlir");
  ASSERT_TRUE(func);
  SmallVector<LayerCost> layers = computeModelCost(func);
  ASSERT_EQ(layers.size(), 3u);
  EXPECT_EQ(layers[0].locName, "Relu_0");
  EXPECT_EQ(layers[1].locName, "Conv_1+BatchNormalization_2");
  EXPECT_EQ(layers[2].locName, "");
}

//===----------------------------------------------------------------------===//
// Formatting
//===----------------------------------------------------------------------===//

TEST(CostFormatTest, CleverFormatWithTwoDecimals) {
  // thop's clever_format(num, "%.2f"): strictly above 1e3/1e6/1e9/1e12.
  EXPECT_EQ(formatCount(0), "0");
  EXPECT_EQ(formatCount(840), "840");
  EXPECT_EQ(formatCount(1000), "1000");
  EXPECT_EQ(formatCount(1001), "1.00K");
  EXPECT_EQ(formatCount(1650), "1.65K");
  EXPECT_EQ(formatCount(999999), "1000.00K");
  EXPECT_EQ(formatCount(1000000), "1000.00K");
  EXPECT_EQ(formatCount(1000001), "1.00M");
  // 19965000 / 1e6 is the double nearest 19.965, which is 19.96499999...
  EXPECT_EQ(formatCount(19965000), "19.96M");
  EXPECT_EQ(formatCount(6897000), "6.90M");
  EXPECT_EQ(formatCount(300774272), "300.77M");
  EXPECT_EQ(formatCount(1000000000), "1000.00M");
  EXPECT_EQ(formatCount(4140000000), "4.14G");
  EXPECT_EQ(formatCount(2500000000000), "2.50T");
}

TEST(CostFormatTest, Shapes) {
  EXPECT_EQ(formatDims({1, 30, 110, 110}), "1x30x110x110");
  EXPECT_EQ(formatDims({1000}), "1000");
  EXPECT_EQ(formatDims({}), "scalar");
}

TEST_F(CostModelTest, ReportTable) {
  func::FuncOp func = parse(R"mlir(
    func.func @block(%x: tensor<1x8x16x16xf32>) -> tensor<1x16xf32> {
      %w = arith.constant dense<0.1> : tensor<16x8x3x3xf32>
      %y = riffle.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x16x16xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x16x16xf32> loc("Conv_0")
      %s = arith.constant dense<1.0> : tensor<16xf32>
      %b = arith.constant dense<0.0> : tensor<16xf32>
      %bn = riffle.batch_norm %y, %s, %b, %s, %s : tensor<1x16x16x16xf32>, tensor<16xf32>
      %p:2 = riffle.split %bn [8, 8] : tensor<1x16x16x16xf32> -> tensor<1x8x16x16xf32>, tensor<1x8x16x16xf32>
      %c = riffle.concat %p#1, %p#0 : (tensor<1x8x16x16xf32>, tensor<1x8x16x16xf32>) -> tensor<1x16x16x16xf32>
      %g = riffle.global_avg_pool %c : tensor<1x16x16x16xf32> -> tensor<1x16x1x1xf32> loc("GlobalAveragePool_4")
      %f = riffle.flatten %g : tensor<1x16x1x1xf32> -> tensor<1x16xf32>
      return %f : tensor<1x16xf32>
    })mlir");
  ASSERT_TRUE(func);
  std::string text;
  llvm::raw_string_ostream os(text);
  printCostReport(func, os, "block.mlir");
  // conv: 4096 outputs * 72 = 294912; bn: 2 * 4096; pool: 16 * 257.
  // clang-format off
  EXPECT_EQ(text,
            "block.mlir\n"
            "  #  op               output shape            MACs           params         name\n"
            "  0  conv2d           1x16x16x16            294912  294.91K    1152  1.15K  Conv_0\n"
            "  1  batch_norm       1x16x16x16              8192    8.19K      32     32\n"
            "  2  split            1x8x16x16, 1x8x16x16       0        0       0      0\n"
            "  3  concat           1x16x16x16                 0        0       0      0\n"
            "  4  global_avg_pool  1x16x1x1                4112    4.11K       0      0  GlobalAveragePool_4\n"
            "  5  flatten          1x16                       0        0       0      0\n"
            "total MACs: 307216 (307.22K)\n"
            "total params: 1184 (1.18K)\n");
  // clang-format on

  // Without a title the function's name heads the table; without location
  // names there is no name column.
  func::FuncOp plain = parse(R"mlir(
    func.func @plain(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
      %y = riffle.relu %x : tensor<1x8x4x4xf32>
      return %y : tensor<1x8x4x4xf32>
    })mlir");
  ASSERT_TRUE(plain);
  text.clear();
  printCostReport(plain, os);
  EXPECT_EQ(text, "@plain\n"
                  "  #  op    output shape  MACs     params\n"
                  "  0  relu  1x8x4x4          0  0       0  0\n"
                  "total MACs: 0 (0)\n"
                  "total params: 0 (0)\n");
}


} // namespace
