# Precompiled headers: most of a translation unit's compile time here is parsing Qt's and the
# standard library's headers, the same ones in every file. Each library precompiles them once
# for itself, and every test program reuses one of two shared headers (with or without widgets)
# instead of parsing them again (CI time, README "Continuous integration").
#
# MERCHBENCH_PCH=OFF builds without them, which also shows a missing #include that a precompiled
# header would hide (scripts/tidy.sh checks core, app and ui without them in any case).
# With ccache, precompiled headers need its sloppiness "pch_defines,time_macros"; without it
# ccache compiles them uncached but correctly.
option(MERCHBENCH_PCH "Precompile the common Qt and standard headers" ON)
# ccache hashes the preprocessed source; with a precompiled header gcc must name it there.
set(merchbench_pch_options)
if(MERCHBENCH_PCH AND CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
  set(merchbench_pch_options -fpch-preprocess)
endif()

# The headers most sources of core include (counted over core/); kept to what almost every
# translation unit needs, since each one loads the whole precompiled header.
set(merchbench_pch_core_headers
    <algorithm> <array> <cmath> <cstdint> <functional> <limits> <map> <memory> <numeric>
    <optional> <string> <string_view> <utility> <vector>
    <QByteArray> <QDate> <QFileInfo> <QHash> <QJsonArray> <QJsonDocument> <QJsonObject> <QSet>
    <QString> <QStringList>)
set(merchbench_pch_widget_headers
    <QAbstractTableModel> <QCheckBox> <QComboBox> <QHBoxLayout> <QHeaderView> <QLabel>
    <QLineEdit> <QMessageBox> <QPushButton> <QTableView> <QTableWidget> <QVBoxLayout> <QWidget>)
# Not <QTest> nor <QSignalSpy>: they read QT_TESTCASE_BUILDDIR and QT_TESTCASE_SOURCEDIR, which
# Qt defines per test folder, and gcc refuses a precompiled header that read a macro since changed.
set(merchbench_pch_test_headers
    <QDir> <QElapsedTimer> <QFile> <QRegularExpression> <QTemporaryDir> <cstdio> <cstdlib>
    <random>)

# Gives TARGET its own precompiled header of the core headers, plus the widget ones with WIDGETS.
function(merchbench_precompile target)
  cmake_parse_arguments(arg "WIDGETS" "" "" ${ARGN})
  if(NOT MERCHBENCH_PCH)
    return()
  endif()
  set(headers ${merchbench_pch_core_headers})
  if(arg_WIDGETS)
    list(APPEND headers ${merchbench_pch_widget_headers})
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
  target_compile_options(${target} PRIVATE ${merchbench_pch_options})
endfunction()

# The test programs' shared precompiled headers: gcc uses one only when the macros and options it
# depends on are the same, so each is built by a target with a test program's usage requirements
# (tests/CMakeLists.txt: merchbench_add_test, whose OPTIONS include merchbench_pch_options).
# The GUI tests' one adds the widget headers and is built with merchbench_ui's Qt modules.
function(merchbench_add_test_pch name)
  cmake_parse_arguments(arg "WIDGETS" "" "LIBS;OPTIONS;DEFINITIONS" ${ARGN})
  set(anchor ${CMAKE_CURRENT_BINARY_DIR}/${name}.cpp)
  file(CONFIGURE OUTPUT ${anchor} CONTENT "// Compiles ${name}'s precompiled header only.\n")
  add_library(${name} STATIC ${anchor})
  target_link_libraries(${name} PRIVATE ${arg_LIBS})
  target_compile_options(${name} PRIVATE ${arg_OPTIONS})
  target_compile_definitions(${name} PRIVATE ${arg_DEFINITIONS})
  set(headers ${merchbench_pch_core_headers} ${merchbench_pch_test_headers})
  if(arg_WIDGETS)
    list(APPEND headers ${merchbench_pch_widget_headers} <QApplication>)
  endif()
  target_precompile_headers(${name} PRIVATE ${headers})
endfunction()
