# conformance/cmake/install.cmake — `cmake --install BUILD --prefix P` (and `make install PREFIX=P`), included at the end of
# the top-level CMakeLists.txt. Installs:
#   bin/rtshm                                  the tool (validate's default corpus is found relative to it)
#   include/rtshm/backend.h                    the one public header a backend needs
#   lib/rtshm/backends/librtshm_*.so           the shipped backends: the reference model and the POSIX port
#   share/rtshm/scenarios/                     the conformance corpus
#   share/rtshm/rtshm-scenario.schema.json     the JSON Schema of scenario files
#   share/man/man1/rtshm.1                     the man page
#   lib/cmake/rtshm/rtshmConfig.cmake (+ Version, Targets)  find_package(rtshm): target rtshm::backend_headers
#   lib/pkgconfig/rtshm.pc                     pkg-config rtshm: Cflags -I${includedir}
# (lib is CMAKE_INSTALL_LIBDIR, share CMAKE_INSTALL_DATADIR: GNUInstallDirs.)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(RTSHM_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/rtshm)
set(RTSHM_INSTALL_BACKENDDIR ${CMAKE_INSTALL_LIBDIR}/rtshm/backends)

# The interface a backend builds against: the public header only (rtshm/backend.h needs no library; rtshm
# dlopens the backend). In the build tree it points at conformance/include/rtshm.
add_library(rtshm_backend_headers INTERFACE)
add_library(rtshm::backend_headers ALIAS rtshm_backend_headers)
target_include_directories(rtshm_backend_headers INTERFACE
  $<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}/conformance/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
set_target_properties(rtshm_backend_headers PROPERTIES EXPORT_NAME backend_headers)

install(TARGETS rtshm RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_SOURCE_DIR}/conformance/include/rtshm/backend.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rtshm)
foreach(backend rtshm_reference_backend rtshm_posix)
  if(TARGET ${backend}) # not in a fuzzing build
    install(TARGETS ${backend} LIBRARY DESTINATION ${RTSHM_INSTALL_BACKENDDIR})
  endif()
endforeach()
install(DIRECTORY ${CMAKE_SOURCE_DIR}/conformance/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/rtshm/scenarios
        FILES_MATCHING PATTERN "*.json")
install(FILES ${CMAKE_SOURCE_DIR}/conformance/rtshm-scenario.schema.json DESTINATION ${CMAKE_INSTALL_DATADIR}/rtshm)
install(FILES ${CMAKE_SOURCE_DIR}/conformance/cli/rtshm.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

install(TARGETS rtshm_backend_headers EXPORT rtshmTargets)
install(EXPORT rtshmTargets NAMESPACE rtshm:: DESTINATION ${RTSHM_INSTALL_CMAKEDIR})
configure_package_config_file(${CMAKE_SOURCE_DIR}/conformance/cmake/rtshmConfig.cmake.in ${CMAKE_BINARY_DIR}/rtshmConfig.cmake
                              INSTALL_DESTINATION ${RTSHM_INSTALL_CMAKEDIR}
                              PATH_VARS CMAKE_INSTALL_BINDIR CMAKE_INSTALL_DATADIR RTSHM_INSTALL_BACKENDDIR)
# 0.x: a backend asks for the version it was written against; the ABI itself is checked at load time
# (rtshm_backend.iVersion and szBackend).
write_basic_package_version_file(${CMAKE_BINARY_DIR}/rtshmConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/rtshmConfig.cmake ${CMAKE_BINARY_DIR}/rtshmConfigVersion.cmake
        DESTINATION ${RTSHM_INSTALL_CMAKEDIR})

# rtshm.pc is relocatable: its prefix is found from the file's own place (${pcfiledir}), so that `cmake --install
# --prefix P` gives a right file whatever CMAKE_INSTALL_PREFIX was at configure time.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(RTSHM_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH RTSHM_PC_UP "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  string(REGEX REPLACE "/$" "" RTSHM_PC_UP "${RTSHM_PC_UP}")
  set(RTSHM_PC_PREFIX "\${pcfiledir}/${RTSHM_PC_UP}")
endif()
configure_file(${CMAKE_SOURCE_DIR}/conformance/cmake/rtshm.pc.in ${CMAKE_BINARY_DIR}/rtshm.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/rtshm.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The installation as a vendor uses it: install into <build>/install-test/prefix, build conformance/backends/example out of the
# tree with find_package(rtshm) and with pkg-config, validate both with the installed rtshm, and check the man page
# against `rtshm --help` (scripts/install-test.sh).
if(RTSHM_TESTS AND TARGET rtshm_posix)
  add_test(NAME install_example_backend
           COMMAND sh ${CMAKE_SOURCE_DIR}/scripts/install-test.sh ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
  set_tests_properties(install_example_backend PROPERTIES TIMEOUT 300)
endif()
