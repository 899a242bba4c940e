target_compile_definitions(ec_cli PRIVATE EC_VERSION="${PROJECT_VERSION}")
