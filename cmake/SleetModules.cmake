# sleet_module(NAME [PUBLIC_HEADERS h...] [SHARED_HEADERS h...] [DEPENDS module...]
#              [LIBRARIES target...])
#
# Builds src/NAME/*.cpp as the object library sleet_NAME. What its files can include is
# made exact with directories of symbolic links in the build tree (build/layers/NAME/):
#   own/NAME        -> src/NAME, the module's own folder ("NAME/x.h"), seen only by itself;
#   published/sleet/h -> include/sleet/h, each of PUBLIC_HEADERS (the installed API);
#   published/NAME/h  -> src/NAME/h, each of SHARED_HEADERS: internal headers the modules
#                        above may use too (libpg_query's trees), never installed.
# A module sees its own folder and what it and the modules it DEPENDS on (transitively)
# publish. A header not listed is not there, so an include pointing up the pipeline, or into
# another module's private folder, is a compile error ("No such file or directory").
# LIBRARIES are third-party targets whose headers the module's files include.
set(SLEET_LAYERS_DIR ${CMAKE_BINARY_DIR}/layers)
set(SLEET_MODULES "")

# Gives `target` the private folder src/MODULE as "MODULE/x.h", and nothing else of src/.
function(sleet_private_folder target module)
  set(own ${SLEET_LAYERS_DIR}/${module}/own)
  file(MAKE_DIRECTORY ${own})
  file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${module} ${own}/${module} SYMBOLIC)
  target_include_directories(${target} PRIVATE ${own})
endfunction()

function(sleet_module name)
  cmake_parse_arguments(PARSE_ARGV 1 M "" "" "PUBLIC_HEADERS;SHARED_HEADERS;DEPENDS;LIBRARIES")
  set(published ${SLEET_LAYERS_DIR}/${name}/published)
  file(REMOVE_RECURSE ${SLEET_LAYERS_DIR}/${name})
  file(MAKE_DIRECTORY ${published}/sleet)
  foreach(header ${M_PUBLIC_HEADERS})
    if(NOT EXISTS ${PROJECT_SOURCE_DIR}/include/sleet/${header})
      message(FATAL_ERROR "module ${name}: include/sleet/${header} does not exist")
    endif()
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/include/sleet/${header} ${published}/sleet/${header}
      SYMBOLIC)
  endforeach()
  if(M_SHARED_HEADERS)
    file(MAKE_DIRECTORY ${published}/${name})
  endif()
  foreach(header ${M_SHARED_HEADERS})
    if(NOT EXISTS ${PROJECT_SOURCE_DIR}/src/${name}/${header})
      message(FATAL_ERROR "module ${name}: src/${name}/${header} does not exist")
    endif()
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${name}/${header} ${published}/${name}/${header}
      SYMBOLIC)
  endforeach()

  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  add_library(sleet_${name} OBJECT ${sources})
  target_include_directories(sleet_${name} PUBLIC ${published})
  sleet_private_folder(sleet_${name} ${name})
  foreach(dependency ${M_DEPENDS})
    if(NOT TARGET sleet_${dependency})
      message(FATAL_ERROR "module ${name} depends on ${dependency}, which is not defined before it")
    endif()
    target_link_libraries(sleet_${name} PUBLIC sleet_${dependency})
  endforeach()
  target_link_libraries(sleet_${name} PRIVATE sleet_module_settings ${M_LIBRARIES})
  set(SLEET_MODULES ${SLEET_MODULES} ${name} PARENT_SCOPE)
endfunction()
