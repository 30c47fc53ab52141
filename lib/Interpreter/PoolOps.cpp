//===- PoolOps.cpp - max_pool2d, avg_pool2d, global_avg_pool --------------===//

#include "Kernels.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::riffle;
using namespace mlir::riffle::interp;

Tensor interp::evalMaxPool2d(MaxPool2dOp op, const Tensor &input) {
  ArrayRef<int64_t> outShape = shapeOf(op.getOutput());
  Tensor output(outShape);
  const int64_t planes = input.dim(0) * input.dim(1);
  const int64_t height = input.dim(2), width = input.dim(3);
  const int64_t outHeight = outShape[2], outWidth = outShape[3];
  ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                    pads = op.getPads(), dilations = op.getDilations();
  for (int64_t p = 0; p < planes; ++p) {
    const float *in = input.data.data() + p * height * width;
    float *out = output.data.data() + p * outHeight * outWidth;
    for (int64_t oh = 0; oh < outHeight; ++oh) {
      const int64_t hStart = oh * strides[0] - pads[0];
      for (int64_t ow = 0; ow < outWidth; ++ow) {
        const int64_t wStart = ow * strides[1] - pads[1];
        // Padding never wins: only input elements compete. A window with
        // none (possible with dilation) gives -inf, like PyTorch.
        float best = -INFINITY;
        for (int64_t kh = 0; kh < kernel[0]; ++kh) {
          const int64_t ih = hStart + kh * dilations[0];
          if (ih < 0 || ih >= height)
            continue;
          for (int64_t kw = 0; kw < kernel[1]; ++kw) {
            const int64_t iw = wStart + kw * dilations[1];
            if (iw < 0 || iw >= width)
              continue;
            const float value = in[ih * width + iw];
            // NaN propagates, as in PyTorch.
            if (value > best || std::isnan(value))
              best = value;
            if (std::isnan(best))
              break;
          }
        }
        out[oh * outWidth + ow] = best;
      }
    }
  }
  return output;
}

Tensor interp::evalAvgPool2d(AvgPool2dOp op, const Tensor &input) {
  ArrayRef<int64_t> outShape = shapeOf(op.getOutput());
  Tensor output(outShape);
  const int64_t planes = input.dim(0) * input.dim(1);
  const int64_t height = input.dim(2), width = input.dim(3);
  const int64_t outHeight = outShape[2], outWidth = outShape[3];
  ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                    pads = op.getPads();
  const bool countIncludePad = op.getCountIncludePad();
  for (int64_t p = 0; p < planes; ++p) {
    const float *in = input.data.data() + p * height * width;
    float *out = output.data.data() + p * outHeight * outWidth;
    for (int64_t oh = 0; oh < outHeight; ++oh) {
      // PyTorch's divisor: the window clipped to the padded input counts
      // padding; clipped to the input it counts only real elements.
      int64_t hStart = oh * strides[0] - pads[0];
      int64_t hEnd = std::min(hStart + kernel[0], height + pads[2]);
      const int64_t paddedHeight = hEnd - hStart;
      hStart = std::max<int64_t>(hStart, 0);
      hEnd = std::min(hEnd, height);
      for (int64_t ow = 0; ow < outWidth; ++ow) {
        int64_t wStart = ow * strides[1] - pads[1];
        int64_t wEnd = std::min(wStart + kernel[1], width + pads[3]);
        const int64_t paddedWidth = wEnd - wStart;
        wStart = std::max<int64_t>(wStart, 0);
        wEnd = std::min(wEnd, width);
        double sum = 0.0;
        for (int64_t ih = hStart; ih < hEnd; ++ih)
          for (int64_t iw = wStart; iw < wEnd; ++iw)
            sum += in[ih * width + iw];
        const int64_t divisor =
            countIncludePad ? paddedHeight * paddedWidth
                            : std::max<int64_t>(hEnd - hStart, 0) *
                                  std::max<int64_t>(wEnd - wStart, 0);
        out[oh * outWidth + ow] = static_cast<float>(sum / divisor);
      }
    }
  }
  return output;
}

Tensor interp::evalGlobalAvgPool(GlobalAvgPoolOp op, const Tensor &input) {
  Tensor output(shapeOf(op.getOutput()));
  const int64_t planes = input.dim(0) * input.dim(1);
  const int64_t plane = input.dim(2) * input.dim(3);
  for (int64_t p = 0; p < planes; ++p) {
    double sum = 0.0;
    for (int64_t i = 0; i < plane; ++i)
      sum += input.data[p * plane + i];
    output.data[p] = static_cast<float>(sum / plane);
  }
  return output;
}
