# The cl100k_base rank table ships inside ec_tokenizer as a Qt resource. Qt 6 builds the
# resource of a static library as an object library linked into every consumer of the
# target, so it registers itself without Q_INIT_RESOURCE.
set(EC_TOKENIZER_RESOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/../../resources/tokenizer")
qt_add_resources(ec_tokenizer "tokenizer_ranks"
    PREFIX "/tokenizer"
    BASE "${EC_TOKENIZER_RESOURCE_DIR}"
    FILES "${EC_TOKENIZER_RESOURCE_DIR}/cl100k_base.tiktoken")
