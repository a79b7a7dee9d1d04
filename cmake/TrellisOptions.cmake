# Build options, warnings, sanitizers, ccache and the tail-call probe shared by every Trellis target.

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS ON)   # computed goto (labels as values) is a GNU extension
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

option(TRELLIS_BUILD_TESTS "Build the Catch2 unit tests and conformance runners" ON)
option(TRELLIS_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(TRELLIS_NATIVE "Tune for the build machine (-march=native)" OFF)
# The folder with testdata/ (Ethereum fixtures, precompile vectors, AWFY): ../shared beside the checkout, as CI lays
# it out; a checkout elsewhere (a git worktree) points it there with -DTRELLIS_SHARED_DIR=/path/to/shared.
set(TRELLIS_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH "Folder holding testdata/ (default: ../shared beside the checkout)")

find_program(TRELLIS_CCACHE ccache)
if(TRELLIS_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${TRELLIS_CCACHE}")
  set(CMAKE_C_COMPILER_LAUNCHER "${TRELLIS_CCACHE}")
endif()

add_library(trellis_options INTERFACE)
target_compile_options(trellis_options INTERFACE -Wall -Wextra -Wno-unused-parameter)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC warns on the labels-as-values tables and on designated-init ordering we use on purpose.
  target_compile_options(trellis_options INTERFACE -Wno-pedantic)
endif()
if(TRELLIS_NATIVE)
  target_compile_options(trellis_options INTERFACE -march=native)
endif()
if(TRELLIS_SANITIZE)
  target_compile_options(trellis_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(trellis_options INTERFACE -fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # ASan's use-after-return fake frames need stack realignment, which clang 19 cannot do in the
    # preserve_none tail-call handlers (backend error); keep the other ASan checks.
    target_compile_options(trellis_options INTERFACE -fsanitize-address-use-after-return=never)
  endif()
  target_compile_definitions(trellis_options INTERFACE TRELLIS_SANITIZE=1)
endif()

# Tail-call dispatch probe: [[clang::musttail]] must compile; preserve_none is used when it also compiles.
include(CheckCXXSourceCompiles)
# -Werror: g++ merely warns about (and ignores) unknown attributes such as clang::musttail.
set(CMAKE_REQUIRED_FLAGS "-std=c++20 -Werror")
check_cxx_source_compiles([=[
  struct S { int n; };
  static int g(S* s, int x);
  static int f(S* s, int x) { if (x == 0) return s->n; [[clang::musttail]] return g(s, x - 1); }
  static int g(S* s, int x) { [[clang::musttail]] return f(s, x); }
  int main() { S s{3}; return f(&s, 10) - 3; }
]=] TRELLIS_HAVE_MUSTTAIL)
check_cxx_source_compiles([=[
  struct S { int n; };
  __attribute__((preserve_none)) static int g(S* s, int x);
  __attribute__((preserve_none)) static int f(S* s, int x) { if (x == 0) return s->n; [[clang::musttail]] return g(s, x - 1); }
  __attribute__((preserve_none)) static int g(S* s, int x) { [[clang::musttail]] return f(s, x); }
  int main() { S s{3}; return f(&s, 10) - 3; }
]=] TRELLIS_HAVE_PRESERVE_NONE)
unset(CMAKE_REQUIRED_FLAGS)
if(TRELLIS_HAVE_MUSTTAIL)
  target_compile_definitions(trellis_options INTERFACE TRELLIS_HAVE_MUSTTAIL=1)
  if(TRELLIS_HAVE_PRESERVE_NONE)
    target_compile_definitions(trellis_options INTERFACE TRELLIS_HAVE_PRESERVE_NONE=1)
  endif()
  message(STATUS "Trellis: tail-call dispatch available (preserve_none: ${TRELLIS_HAVE_PRESERVE_NONE})")
else()
  message(STATUS "Trellis: tail-call dispatch UNAVAILABLE with ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION} "
                 "(needs [[clang::musttail]]; use clang-19). --dispatch=tail will report an error.")
endif()

# trellis_add_test(NAME SOURCES... LIBS ...): one Catch2 executable registered with CTest.
function(trellis_add_catch_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE trellis_catch_main ${ARG_LIBS})
  add_test(NAME ${name} COMMAND ${name})
endfunction()
