# riffle_add_model: compile a model with rifflec at build time into an
# imported library target (like Halide's add_halide_library).
#
#   riffle_add_model(TARGET MODEL [NAME n] [TARGET_STRING t] [SHARED]
#                    [OPTIONS rifflec-options...])
#
# MODEL (.onnx, .onnxtxt, .mlir; relative to the current source folder) is
# compiled by `rifflec --emit=lib --no-runtime` into
# ${CMAKE_CURRENT_BINARY_DIR}/riffle/TARGET/NAME.{a,so,h} when the build
# runs, and again when MODEL or rifflec changes. TARGET is an imported
# library (static, or shared with SHARED) whose include folder holds NAME.h
# (the C API: NAME, NAME_run, shape queries, NAME_last_error, ...; see the
# header). NAME defaults to MODEL's stem as a C identifier, TARGET_STRING
# (the Halide target) to host. OPTIONS go to rifflec as they are (e.g.
# --batch=dynamic, --schedule=auto:mullapudi2016).
#
# Every model of one TARGET_STRING links one Halide runtime
# (riffle_runtime, from `rifflec --emit=runtime`), built once per project:
# a static archive, or a shared library as soon as one of those models is
# SHARED (so that the program still has one runtime).
#
# A missing or invalid MODEL fails the build with rifflec's error message.

include_guard(GLOBAL)
find_package(Threads REQUIRED)

# The runtime target of one Halide target string; its name goes to OUT.
function(_riffle_runtime out target_string)
  string(MAKE_C_IDENTIFIER "${target_string}" id)
  set(rt "riffle_runtime_${id}")
  if(NOT TARGET ${rt})
    set(dir "${CMAKE_BINARY_DIR}/riffle/runtime/${id}")
    file(MAKE_DIRECTORY "${dir}")
    add_custom_command(
      OUTPUT "${dir}/riffle_runtime.a" "${dir}/riffle_runtime.so"
      COMMAND Riffle::rifflec --emit=runtime --shared --quiet
              "--target=${target_string}" -o "${dir}"
      DEPENDS Riffle::rifflec
      COMMENT "Building the Halide runtime for ${target_string} with Riffle"
      VERBATIM)
    add_custom_target(${rt}.build
      DEPENDS "${dir}/riffle_runtime.a" "${dir}/riffle_runtime.so")
    add_library(${rt}.static STATIC IMPORTED GLOBAL)
    set_target_properties(${rt}.static PROPERTIES
      IMPORTED_LOCATION "${dir}/riffle_runtime.a")
    add_library(${rt}.shared SHARED IMPORTED GLOBAL)
    set_target_properties(${rt}.shared PROPERTIES
      IMPORTED_LOCATION "${dir}/riffle_runtime.so"
      IMPORTED_SONAME riffle_runtime.so)
    foreach(kind static shared)
      add_dependencies(${rt}.${kind} ${rt}.build)
    endforeach()
    add_library(${rt} INTERFACE)
    set_property(TARGET ${rt} PROPERTY RIFFLE_SHARED OFF)
    target_link_libraries(${rt} INTERFACE
      "$<IF:$<BOOL:$<TARGET_PROPERTY:${rt},RIFFLE_SHARED>>,${rt}.shared,${rt}.static>"
      Threads::Threads ${CMAKE_DL_LIBS} m)
  endif()
  set(${out} ${rt} PARENT_SCOPE)
endfunction()

function(riffle_add_model target model)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "SHARED" "NAME;TARGET_STRING"
                        "OPTIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "riffle_add_model(${target}): unknown arguments "
                        "${ARG_UNPARSED_ARGUMENTS}")
  endif()
  get_filename_component(model "${model}" ABSOLUTE
                         BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT ARG_NAME)
    get_filename_component(stem "${model}" NAME_WE)
    string(MAKE_C_IDENTIFIER "${stem}" ARG_NAME)
  endif()
  if(NOT ARG_TARGET_STRING)
    set(ARG_TARGET_STRING host)
  endif()
  _riffle_runtime(runtime "${ARG_TARGET_STRING}")

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/riffle/${target}")
  file(MAKE_DIRECTORY "${dir}")
  set(outputs "${dir}/${ARG_NAME}.a" "${dir}/${ARG_NAME}.h"
              "${dir}/${ARG_NAME}_halide.h" "${dir}/HalideRuntime.h")
  set(flags)
  if(ARG_SHARED)
    list(APPEND outputs "${dir}/${ARG_NAME}.so")
    list(APPEND flags --shared)
  endif()
  # A missing model is no dependency (the build would stop at "no rule to
  # make it"): rifflec then runs and says what is wrong.
  set(depends Riffle::rifflec)
  if(EXISTS "${model}")
    list(APPEND depends "${model}")
  endif()
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND Riffle::rifflec "${model}" --emit=lib --no-runtime --quiet
            -o "${dir}" --name ${ARG_NAME} "--target=${ARG_TARGET_STRING}"
            ${flags} ${ARG_OPTIONS}
    DEPENDS ${depends}
    COMMENT "Compiling ${model} with Riffle (${ARG_NAME}, target ${ARG_TARGET_STRING})"
    VERBATIM)
  add_custom_target(${target}.riffle DEPENDS ${outputs})

  if(ARG_SHARED)
    add_library(${target} SHARED IMPORTED GLOBAL)
    set_target_properties(${target} PROPERTIES
      IMPORTED_LOCATION "${dir}/${ARG_NAME}.so"
      IMPORTED_SONAME ${ARG_NAME}.so)
    set_property(TARGET ${runtime} PROPERTY RIFFLE_SHARED ON)
  else()
    add_library(${target} STATIC IMPORTED GLOBAL)
    set_target_properties(${target} PROPERTIES
      IMPORTED_LOCATION "${dir}/${ARG_NAME}.a")
  endif()
  set_target_properties(${target} PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${dir}"
    INTERFACE_LINK_LIBRARIES "${runtime}")
  add_dependencies(${target} ${target}.riffle)
endfunction()
