# Third-party libraries other than LLVM/MLIR, imported by hand.

# Halide 14. Its own CMake package pulls in LLVM 14's CMake config, which
# clobbers LLVM 22's; import the shared library directly instead. Both LLVMs
# coexist at run time because their symbols are versioned.
find_library(HALIDE_LIBRARY NAMES libHalide14.so.0 Halide14 REQUIRED)
find_path(HALIDE_INCLUDE_DIR Halide.h PATHS /usr/include/halide14 NO_DEFAULT_PATH REQUIRED)
set(HALIDE_SHARE_DIR /usr/lib/x86_64-linux-gnu/halide14 CACHE PATH
    "Halide 14 autoscheduler plugins")
# Halide's version for rifflec --version: Halide 14's headers define none, so
# ask the package manager for the library's package version.
set(RIFFLE_HALIDE_VERSION "14")
execute_process(COMMAND dpkg-query -W "-f=\${Version}" libhalide14-0-dev
  OUTPUT_VARIABLE _riffle_halide_pkg RESULT_VARIABLE _riffle_halide_rc
  ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
if(_riffle_halide_rc EQUAL 0 AND _riffle_halide_pkg MATCHES "^([0-9.]+)")
  set(RIFFLE_HALIDE_VERSION "${CMAKE_MATCH_1}")
endif()
add_library(riffle::halide SHARED IMPORTED GLOBAL)
set_target_properties(riffle::halide PROPERTIES
  IMPORTED_LOCATION ${HALIDE_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${HALIDE_INCLUDE_DIR}
  INTERFACE_LINK_LIBRARIES "pthread;dl")

# Halide reports errors by throwing Halide::Error and libonnx throws from its
# checker and shape inference, while LLVM's flags build with -fno-exceptions.
# Translation units that call either library opt back in.
function(riffle_enable_exceptions target)
  target_compile_options(${target} PRIVATE -fexceptions)
endfunction()

# The MLIR side of every Riffle tool: one link line for riffle-opt, rifflec
# and the small test tools, so a test of one is a test of the others.
function(riffle_link_compiler_libs target)
  target_link_libraries(${target} PRIVATE MLIR RiffleDialect RiffleCodegen
    RiffleDriver)
endfunction()

# ONNX 1.12 (Debian's libonnx): protobuf models, text syntax parser, checker,
# shape inference. Its headers need ONNX_ML and ONNX_NAMESPACE defined.
find_library(ONNX_LIBRARY NAMES onnx REQUIRED)
find_library(ONNX_PROTO_LIBRARY NAMES onnx_proto REQUIRED)
find_library(PROTOBUF_LIBRARY NAMES protobuf REQUIRED)
add_library(riffle::onnx INTERFACE IMPORTED GLOBAL)
set_target_properties(riffle::onnx PROPERTIES
  INTERFACE_COMPILE_DEFINITIONS "ONNX_ML=1;ONNX_NAMESPACE=onnx"
  INTERFACE_LINK_LIBRARIES "${ONNX_LIBRARY};${ONNX_PROTO_LIBRARY};${PROTOBUF_LIBRARY}")
