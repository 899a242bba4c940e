# The build's provenance (version, git commit) for BuildInfo, fixed when CMake configures.
# The commit comes from `git rev-parse` of the source tree ("-dirty" with uncommitted changes);
# outside a git checkout (a source tarball) it is EC_GIT_COMMIT when given (-DEC_GIT_COMMIT=…),
# else "unknown". Only the configure step reads it (`cmake --preset …`, which the package workflow
# and scripts/run.sh run every time): a commit does not make every program and test link again.
set(EC_GIT_COMMIT "" CACHE STRING "Git commit to report when the source is not a git checkout")
set(ec_git_commit "${EC_GIT_COMMIT}")
find_package(Git QUIET)
if(GIT_FOUND)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
        OUTPUT_VARIABLE ec_git_head OUTPUT_STRIP_TRAILING_WHITESPACE
        RESULT_VARIABLE ec_git_result ERROR_QUIET)
    if(ec_git_result EQUAL 0 AND ec_git_head)
        set(ec_git_commit "${ec_git_head}")
        execute_process(COMMAND ${GIT_EXECUTABLE} status --porcelain --untracked-files=no
            WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
            OUTPUT_VARIABLE ec_git_status OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
        if(ec_git_status)
            string(APPEND ec_git_commit "-dirty")
        endif()
    endif()
endif()
if(NOT ec_git_commit)
    set(ec_git_commit "unknown")
endif()
set(EC_BUILD_VERSION "${PROJECT_VERSION}")
set(EC_BUILD_GIT_COMMIT "${ec_git_commit}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/BuildInfoConfig.h.in
    ${CMAKE_CURRENT_BINARY_DIR}/generated/BuildInfoConfig.h @ONLY)
target_include_directories(ec_util PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated)
# For the package's changelog (packaging/CMakeLists.txt).
set_property(GLOBAL PROPERTY EC_BUILD_GIT_COMMIT "${ec_git_commit}")
