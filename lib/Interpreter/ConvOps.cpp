//===- ConvOps.cpp - conv2d, gemm, batch_norm -----------------------------===//
//
// Products of two floats are exact in double; sums accumulate in double and
// round to float once, before the bias (added in double) and the activation
// (applied in float, as ActivationAttr::apply defines it).
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::interp;

/// The range [lo, hi) of output positions o whose input position
/// o * stride + offset lies in [0, size).
static void validRange(int64_t outSize, int64_t stride, int64_t offset,
                       int64_t size, int64_t &lo, int64_t &hi) {
  // o * stride + offset >= 0  <=>  o >= ceil(-offset / stride)
  lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  // o * stride + offset <= size - 1  <=>  o <= floor((size - 1 - offset) / stride)
  int64_t last = size - 1 - offset;
  hi = last < 0 ? 0 : last / stride + 1;
  lo = std::min(lo, outSize);
  hi = std::clamp(hi, lo, outSize);
}

Tensor interp::evalConv2d(Conv2dOp op, const Tensor &input,
                          const Tensor &weight, const Tensor *bias) {
  ArrayRef<int64_t> outShape = shapeOf(op.getOutput());
  Tensor output(outShape);
  const int64_t batch = input.dim(0), inChannels = input.dim(1);
  const int64_t height = input.dim(2), width = input.dim(3);
  const int64_t outChannels = outShape[1], outHeight = outShape[2],
                outWidth = outShape[3];
  const int64_t kernelH = weight.dim(2), kernelW = weight.dim(3);
  const int64_t groups = op.getGroups();
  const int64_t inPerGroup = weight.dim(1);
  const int64_t outPerGroup = outChannels / groups;
  ArrayRef<int64_t> strides = op.getStrides(), pads = op.getPads(),
                    dilations = op.getDilations();
  const int64_t strideH = strides[0], strideW = strides[1];
  const int64_t padTop = pads[0], padLeft = pads[1];
  const int64_t dilationH = dilations[0], dilationW = dilations[1];
  std::optional<ArrayRef<int64_t>> inputMap = op.getInputChannelMap();
  std::optional<ArrayRef<int64_t>> outputMap = op.getOutputChannelMap();
  Activation act = Activation::get(op.getActAttr());

  const int64_t plane = outHeight * outWidth;
  std::vector<double> acc(plane);
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t c = 0; c < outChannels; ++c) {
      // Output channel c holds the computed channel oc.
      const int64_t oc = outputMap ? (*outputMap)[c] : c;
      const int64_t group = oc / outPerGroup;
      std::fill(acc.begin(), acc.end(), 0.0);
      for (int64_t icInGroup = 0; icInGroup < inPerGroup; ++icInGroup) {
        // The convolution's input channel ic is read from channel m[ic].
        const int64_t ic = group * inPerGroup + icInGroup;
        const int64_t readChannel = inputMap ? (*inputMap)[ic] : ic;
        if (readChannel < 0 || readChannel >= inChannels)
          continue;
        const float *inPlane =
            input.data.data() + (n * inChannels + readChannel) * height * width;
        const float *filter = weight.data.data() +
                              (oc * inPerGroup + icInGroup) * kernelH * kernelW;
        for (int64_t kh = 0; kh < kernelH; ++kh) {
          int64_t ohLo, ohHi;
          const int64_t offsetH = kh * dilationH - padTop;
          validRange(outHeight, strideH, offsetH, height, ohLo, ohHi);
          for (int64_t kw = 0; kw < kernelW; ++kw) {
            const double w = filter[kh * kernelW + kw];
            int64_t owLo, owHi;
            const int64_t offsetW = kw * dilationW - padLeft;
            validRange(outWidth, strideW, offsetW, width, owLo, owHi);
            for (int64_t oh = ohLo; oh < ohHi; ++oh) {
              const float *inRow = inPlane + (oh * strideH + offsetH) * width;
              double *accRow = acc.data() + oh * outWidth;
              if (strideW == 1) {
                for (int64_t ow = owLo; ow < owHi; ++ow)
                  accRow[ow] += w * static_cast<double>(inRow[ow + offsetW]);
              } else {
                for (int64_t ow = owLo; ow < owHi; ++ow)
                  accRow[ow] +=
                      w * static_cast<double>(inRow[ow * strideW + offsetW]);
              }
            }
          }
        }
      }
      float *outPlane = output.data.data() + (n * outChannels + c) * plane;
      const double b = bias ? static_cast<double>(bias->data[oc]) : 0.0;
      for (int64_t i = 0; i < plane; ++i)
        outPlane[i] = act.apply(static_cast<float>(acc[i] + b));
    }
  }
  return output;
}

Tensor interp::evalGemm(GemmOp op, const Tensor &input, const Tensor &weight,
                        const Tensor *bias) {
  ArrayRef<int64_t> outShape = shapeOf(op.getOutput());
  Tensor output(outShape);
  const int64_t rows = outShape[0], cols = outShape[1];
  const int64_t depth = input.dim(1);
  Activation act = Activation::get(op.getActAttr());
  for (int64_t m = 0; m < rows; ++m) {
    const float *x = input.data.data() + m * depth;
    for (int64_t n = 0; n < cols; ++n) {
      const float *w = weight.data.data() + n * depth;
      double sum = 0.0;
      for (int64_t k = 0; k < depth; ++k)
        sum += static_cast<double>(x[k]) * static_cast<double>(w[k]);
      if (bias)
        sum += bias->data[n];
      output.data[m * cols + n] = act.apply(static_cast<float>(sum));
    }
  }
  return output;
}

Tensor interp::evalBatchNorm(BatchNormOp op, const Tensor &input,
                             const Tensor &scale, const Tensor &bias,
                             const Tensor &mean, const Tensor &variance) {
  Tensor output(input.shape);
  const int64_t batch = input.dim(0), channels = input.dim(1);
  const int64_t plane = input.dim(2) * input.dim(3);
  const double epsilon = op.getEpsilon().convertToDouble();
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t c = 0; c < channels; ++c) {
      const double m = mean.data[c];
      const double s = scale.data[c];
      const double b = bias.data[c];
      const double deviation =
          std::sqrt(static_cast<double>(variance.data[c]) + epsilon);
      const int64_t base = (n * channels + c) * plane;
      for (int64_t i = 0; i < plane; ++i)
        output.data[base + i] = static_cast<float>(
            (static_cast<double>(input.data[base + i]) - m) / deviation * s +
            b);
    }
  }
  return output;
}
