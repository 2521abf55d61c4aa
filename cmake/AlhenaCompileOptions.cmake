# One INTERFACE target carries the compile policy for every target of the project.
add_library(alhena_compile_options INTERFACE)

target_compile_definitions(alhena_compile_options INTERFACE
    QT_NO_KEYWORDS
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    QT_MESSAGELOGCONTEXT)

target_compile_options(alhena_compile_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
    -Wsuggest-override -Wcast-align -Wformat=2 -Wimplicit-fallthrough
    $<$<BOOL:${ALHENA_WERROR}>:-Werror>)

if(ALHENA_SANITIZE)
    target_compile_options(alhena_compile_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(alhena_compile_options INTERFACE -fsanitize=address,undefined)
endif()
