// PTX for CUDA targets (rifflec --emit=asm prints the device code): the
// .target the cuda_capability feature asks for, one kernel for an
// inverted residual's expansion + depthwise pair (the expansion computed
// per block into shared memory, then a barrier), no local memory.
// RUN: rifflec %s --target=host-cuda-cuda_capability_75 --emit=asm 2>/dev/null | FileCheck %s --check-prefix=SM75
// RUN: rifflec %s --target=host-cuda-cuda_capability_86 --emit=asm 2>/dev/null | FileCheck %s --check-prefix=SM86
// OpenCL: the kernels' OpenCL C source.
// RUN: rifflec %s --target=host-opencl --emit=asm 2>/dev/null | FileCheck %s --check-prefix=OPENCL

// SM75: .target sm_75
// SM75-NOT: .local
// SM75: .entry _kernel_output_0
// SM75: st.shared.f32
// SM75: bar.sync
// SM75: ld.shared.f32
// SM75-NOT: .entry
// SM75-NOT: .local
// SM86: .target sm_86
// OPENCL: __kernel void _kernel_output_0
// OPENCL: ((__local float *)
// OPENCL: barrier({{.*}}CLK_LOCAL_MEM_FENCE)
// OPENCL: = ((__local float *)
// OPENCL-NOT: __kernel

func.func @expand_depthwise(%x: tensor<1x8x14x14xf32>) -> tensor<1x32x14x14xf32> {
  %we = arith.constant dense<0.25> : tensor<32x8x1x1xf32>
  %wd = arith.constant dense<0.5> : tensor<32x1x3x3xf32>
  %e = riffle.conv2d %x, %we {act = #riffle.act<relu>} : (tensor<1x8x14x14xf32>, tensor<32x8x1x1xf32>) -> tensor<1x32x14x14xf32>
  %d = riffle.conv2d %e, %wd {groups = 32 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x32x14x14xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x14x14xf32>
  return %d : tensor<1x32x14x14xf32>
}
