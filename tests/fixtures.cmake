# CTest fixtures shared by the suites that need a database server.
#
#   postgres  a throwaway PostgreSQL 15 cluster (scripts/pg-test-cluster.sh) in
#             ${CMAKE_BINARY_DIR}/pg-test, started once before the first suite that needs it
#             and stopped after the last one.
#   pglite    PGlite with pgvector on the wire protocol (scripts/pglite-server.sh) in
#             ${CMAKE_BINARY_DIR}/pglite-test. It serves one session at a time, so every suite
#             using it also takes the RESOURCE_LOCK "pglite" (ctest -j2 runs them one by one).
#
# A suite asks for a fixture through ec_add_qtest(... FIXTURES postgres ENV ${EC_PG_ENV}) or,
# simpler, by calling ec_use_postgres(<test>) / ec_use_pglite(<test>) after ec_add_qtest().
# Inside the test, tests/support/PgCluster.h reads the URLs from the files named by
# EC_PG_URL_FILE / EC_PGLITE_URL_FILE.

set(EC_PG_TEST_DIR ${CMAKE_BINARY_DIR}/pg-test)
set(EC_PGLITE_TEST_DIR ${CMAKE_BINARY_DIR}/pglite-test)
set(EC_PG_ENV "EC_PG_URL_FILE=${EC_PG_TEST_DIR}/url")
set(EC_PGLITE_ENV "EC_PGLITE_URL_FILE=${EC_PGLITE_TEST_DIR}/url")

add_test(NAME fixture.postgres.start
         COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/pg-test-cluster.sh start ${EC_PG_TEST_DIR})
add_test(NAME fixture.postgres.stop
         COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/pg-test-cluster.sh stop ${EC_PG_TEST_DIR})
set_tests_properties(fixture.postgres.start PROPERTIES FIXTURES_SETUP postgres TIMEOUT 120 LABELS fixture)
set_tests_properties(fixture.postgres.stop PROPERTIES FIXTURES_CLEANUP postgres TIMEOUT 60 LABELS fixture)

add_test(NAME fixture.pglite.start
         COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/pglite-server.sh start ${EC_PGLITE_TEST_DIR})
add_test(NAME fixture.pglite.stop
         COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/pglite-server.sh stop ${EC_PGLITE_TEST_DIR})
set_tests_properties(fixture.pglite.start PROPERTIES FIXTURES_SETUP pglite TIMEOUT 120 LABELS fixture)
set_tests_properties(fixture.pglite.stop PROPERTIES FIXTURES_CLEANUP pglite TIMEOUT 60 LABELS fixture)

# ec_use_postgres(<test>): the test needs the PostgreSQL cluster.
function(ec_use_postgres test)
    set_property(TEST ${test} APPEND PROPERTY FIXTURES_REQUIRED postgres)
    set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT ${EC_PG_ENV})
endfunction()

# ec_use_pglite(<test>): the test needs PGlite (and waits for the other PGlite suites).
function(ec_use_pglite test)
    set_property(TEST ${test} APPEND PROPERTY FIXTURES_REQUIRED pglite)
    set_property(TEST ${test} APPEND PROPERTY RESOURCE_LOCK pglite)
    set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT ${EC_PGLITE_ENV})
endfunction()
