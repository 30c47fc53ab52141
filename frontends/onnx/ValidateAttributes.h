//===- ValidateAttributes.h - Attribute checks before libonnx ---*- C++ -*-===//
//
// Internal to frontends/onnx. libonnx's checker and shape inference trust
// some attributes they divide or allocate by: a Conv or pool whose `strides`
// hold a 0 makes `onnx::convPoolShapeInference` divide by zero (SIGFPE).
// These checks run on the parsed model before libonnx sees it.
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_FRONTENDS_ONNX_VALIDATEATTRIBUTES_H
#define RIFFLE_FRONTENDS_ONNX_VALIDATEATTRIBUTES_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include "onnx/onnx_pb.h"

namespace mlir::riffle::onnx_import {

/// Checks that every graph output names a value the graph (or an enclosing
/// one) defines, and the window attributes (kernel_shape, strides, dilations, pads,
/// group, output_padding) of every convolution and pooling node of the
/// default domain, in the main graph, its subgraphs and the model's local
/// functions; reports the first bad one at `loc`, naming node, op and
/// attribute.
LogicalResult validateNodeAttributes(const onnx::ModelProto &model,
                                     Location loc);

/// Gives every convolution (Conv, ConvInteger, QLinearConv, ConvTranspose)
/// without a `kernel_shape` one read from its constant weight's shape.
/// libonnx's shape inference otherwise takes the kernel from the weight and
/// indexes the per-axis attributes, sized by the input's rank, with it: a
/// weight of higher rank than the input reads past them (SIGSEGV). Where
/// both ranks are known before inference (graph inputs, declared values,
/// constants), a mismatch, or a weight of rank below 3, is reported here
/// naming node, op and tensors; otherwise libonnx's own check of the
/// explicit kernel_shape against the input reports it.
LogicalResult makeKernelShapesExplicit(onnx::ModelProto &model, Location loc);

} // namespace mlir::riffle::onnx_import

#endif // RIFFLE_FRONTENDS_ONNX_VALIDATEATTRIBUTES_H
