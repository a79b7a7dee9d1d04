# Packaging (docs/embedding.md "Installing"): `cmake --install` puts the embedding headers, the libraries and the
# binaries under the prefix, with a CMake package (find_package(Trellis) -> Trellis::trellis, and
# Trellis::trellis_static) and a pkg-config file (trellis.pc). Included by TrellisEmbed.cmake.
#
#   trellis_static  lib/libtrellis.a   one archive holding every object of the umbrella library's closure (core,
#                                      gc, dispatch, each frontend and its adapter, the language table); hosts
#                                      link the third-party libraries listed in TRELLIS_PACKAGE_LINK themselves.
#   trellis_shared  lib/libtrellis.so  the same objects as one shared library; built only when the objects are
#                                      position-independent (configure with -DCMAKE_POSITION_INDEPENDENT_CODE=ON,
#                                      as scripts/package.sh does): the normal build keeps its PIE code as it is.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Our static and object libraries reachable from `trellis` (imported and interface libraries are skipped).
function(trellis_package_walk target)
  if(NOT TARGET ${target})
    return()
  endif()
  get_target_property(imported ${target} IMPORTED)
  get_target_property(type ${target} TYPE)
  if(imported OR NOT type MATCHES "^(STATIC|OBJECT)_LIBRARY$")
    return()
  endif()
  get_property(seen GLOBAL PROPERTY TRELLIS_PACKAGE_LIBS)
  if(target IN_LIST seen)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY TRELLIS_PACKAGE_LIBS ${target})
  get_target_property(deps ${target} LINK_LIBRARIES)
  foreach(dep IN LISTS deps)
    trellis_package_walk(${dep})
  endforeach()
endfunction()
set_property(GLOBAL PROPERTY TRELLIS_PACKAGE_LIBS "")
trellis_package_walk(trellis)
get_property(package_libs GLOBAL PROPERTY TRELLIS_PACKAGE_LIBS)
set(package_objects "")
foreach(lib IN LISTS package_libs)
  list(APPEND package_objects "$<TARGET_OBJECTS:${lib}>")
endforeach()

# What a host links besides libtrellis.a (Debian package names in scripts/setup.sh). A frontend that adds a
# third-party library adds it here too.
set(TRELLIS_PACKAGE_LINK gmpxx gmp cryptopp secp256k1 crypto fmt mimalloc stdc++ m dl pthread)
if(EXISTS "${PROJECT_SOURCE_DIR}/frontends/perl/CMakeLists.txt")
  list(APPEND TRELLIS_PACKAGE_LINK pcre2-8)
endif()

set(package_dir "${PROJECT_BINARY_DIR}/package")
add_library(trellis_static STATIC ${package_objects})
set_target_properties(trellis_static PROPERTIES OUTPUT_NAME trellis ARCHIVE_OUTPUT_DIRECTORY "${package_dir}"
  EXPORT_NAME trellis_static LINKER_LANGUAGE CXX)
target_include_directories(trellis_static INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_link_libraries(trellis_static INTERFACE ${TRELLIS_PACKAGE_LINK})
set(package_targets trellis_static)

if(CMAKE_POSITION_INDEPENDENT_CODE)
  add_library(trellis_shared SHARED ${package_objects})
  set_target_properties(trellis_shared PROPERTIES OUTPUT_NAME trellis LIBRARY_OUTPUT_DIRECTORY "${package_dir}"
    EXPORT_NAME trellis VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}
    LINKER_LANGUAGE CXX)
  target_include_directories(trellis_shared INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  # The static umbrella brings the third-party libraries onto the link line (its own members are all defined by
  # the objects above already).
  target_link_libraries(trellis_shared PRIVATE trellis)
  list(APPEND package_targets trellis_shared)
else()
  message(STATUS "Trellis: libtrellis.so not built (configure with -DCMAKE_POSITION_INDEPENDENT_CODE=ON)")
endif()

install(FILES core/include/trellis/embed.hpp core/include/trellis/trellis.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/trellis)
install(FILES core/include/trellis/embed/evm.hpp core/include/trellis/embed/language.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/trellis/embed)
install(TARGETS ${package_targets} EXPORT TrellisTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
if(TARGET trellis-evm)
  install(TARGETS trellis-evm RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(EXPORT TrellisTargets NAMESPACE Trellis:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Trellis)
configure_package_config_file(cmake/TrellisConfig.cmake.in "${package_dir}/TrellisConfig.cmake"
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Trellis)
write_basic_package_version_file("${package_dir}/TrellisConfigVersion.cmake" COMPATIBILITY SameMinorVersion)
install(FILES "${package_dir}/TrellisConfig.cmake" "${package_dir}/TrellisConfigVersion.cmake"
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Trellis)
list(TRANSFORM TRELLIS_PACKAGE_LINK PREPEND "-l" OUTPUT_VARIABLE TRELLIS_PC_LIBS_PRIVATE)
list(JOIN TRELLIS_PC_LIBS_PRIVATE " " TRELLIS_PC_LIBS_PRIVATE)
configure_file(cmake/trellis.pc.in "${package_dir}/trellis.pc" @ONLY)
install(FILES "${package_dir}/trellis.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
