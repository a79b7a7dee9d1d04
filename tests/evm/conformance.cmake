# EVM conformance: every fixture under ../shared/testdata/evm (state tests: ethereum/tests GeneralStateTests, the
# multi-fork LegacyTests copy, EEST; legacy VMTests) run by trellis-evm under EVERY dispatch strategy compiled in;
# the state tests also under the schedule interpreter (--interpreter schedule) with every strategy, and a subset
# under the default `auto` model.
# The state tests are split into several CTest entries per strategy so `ctest -j2` keeps both cores busy.
# Each entry passes when the runner exits 0, i.e. its final line reads "N passed, 0 failed, 0 skipped": a skipped case
# (unknown fork, missing precompile) fails the entry as a failed one does.
set(TRELLIS_EVM_TESTDATA "${TRELLIS_SHARED_DIR}/testdata/evm")
if(NOT TARGET trellis-evm OR NOT EXISTS "${TRELLIS_EVM_TESTDATA}/state_tests")
  return()
endif()

set(_strategies switch goto)
if(TRELLIS_HAVE_MUSTTAIL)
  list(APPEND _strategies tail)
endif()

# Measured on the 2-core dev machine (switch dispatch): GeneralStateTests/stTimeConsuming ~75 s (of which
# CALLBlake2f_MaxRounds ~60 s), LegacyTests VMTests ~55 s (vmPerformance), every other group under ~25 s.
# The two slow folders get entries of their own; nothing is excluded.
# The sub-folders of `root` except `excluded`, as absolute paths, into `out`.
function(_evm_folders_except root excluded out)
  file(GLOB dirs LIST_DIRECTORIES true RELATIVE "${root}" "${root}/*")
  list(FILTER dirs EXCLUDE REGEX "\\.")
  list(REMOVE_ITEM dirs "${excluded}")
  list(TRANSFORM dirs PREPEND "${root}/")
  set(${out} ${dirs} PARENT_SCOPE)
endfunction()

set(_gst "${TRELLIS_EVM_TESTDATA}/state_tests/GeneralStateTests")
_evm_folders_except("${_gst}" stTimeConsuming _gst_rest)
set(_legacy "${TRELLIS_EVM_TESTDATA}/state_tests/LegacyTests/Cancun/GeneralStateTests")
_evm_folders_except("${_legacy}" VMTests _legacy_rest)

foreach(s IN LISTS _strategies)
  set(_names "")
  macro(_evm_conformance name)
    add_test(NAME ${name}_${s} COMMAND trellis-evm ${ARGN} --dispatch ${s})
    list(APPEND _names ${name}_${s})
  endmacro()
  # The state tests under both interpreters: baseline (prefix evm_state_) and the pre-decoded schedule
  # (prefix evm_state_schedule_); the legacy VMTests (vmtest) under both too.
  foreach(interpreter baseline schedule)
    if(interpreter STREQUAL "baseline")
      set(_prefix evm_state)
      set(_flags --interpreter baseline)
    else()
      set(_prefix evm_state_${interpreter})
      set(_flags --interpreter ${interpreter})
    endif()
    _evm_conformance(${_prefix}_gst statetest ${_gst_rest} ${_flags})
    _evm_conformance(${_prefix}_gst_timeconsuming statetest "${_gst}/stTimeConsuming" ${_flags})
    _evm_conformance(${_prefix}_legacy statetest ${_legacy_rest} ${_flags})
    _evm_conformance(${_prefix}_legacy_vmtests statetest "${_legacy}/VMTests" ${_flags})
    _evm_conformance(${_prefix}_eest statetest "${TRELLIS_EVM_TESTDATA}/state_tests/eest" ${_flags})
    if(EXISTS "${TRELLIS_EVM_TESTDATA}/state_tests/osaka")
      _evm_conformance(${_prefix}_osaka statetest "${TRELLIS_EVM_TESTDATA}/state_tests/osaka" ${_flags})
    endif()
  endforeach()
  # The default `auto` model (baseline while cold, the schedule once hot; both are covered in full above): the
  # Osaka and EEST sets under every strategy, and the multi-fork legacy set, whose many calls to the same code
  # cross the hot thresholds, under switch.
  _evm_conformance(evm_state_auto_osaka_eest statetest "${TRELLIS_EVM_TESTDATA}/state_tests/eest"
                   "${TRELLIS_EVM_TESTDATA}/state_tests/osaka" --interpreter auto)
  if(s STREQUAL "switch")
    _evm_conformance(evm_state_auto_legacy statetest ${_legacy_rest} --interpreter auto)
  endif()
  _evm_conformance(evm_vmtest vmtest "${TRELLIS_EVM_TESTDATA}/vm_tests" --interpreter baseline)
  _evm_conformance(evm_vmtest_schedule vmtest "${TRELLIS_EVM_TESTDATA}/vm_tests" --interpreter schedule)
  set_tests_properties(${_names} PROPERTIES LABELS "conformance;evm" TIMEOUT 900
                       FAIL_REGULAR_EXPRESSION "[1-9][0-9]* skipped")
endforeach()

# The EIPs' own precompile vectors (shared/testdata/evm/precompiles), one call each; an entry fails on any failed or
# skipped vector. EIP-7951's vectors carry a draft's gas (3450): the adopted price is 6900.
set(_precompile_vectors "${TRELLIS_EVM_TESTDATA}/precompiles")
if(EXISTS "${_precompile_vectors}/eip-7951")
  add_test(NAME evm_precompiles_p256 COMMAND trellis-evm precompiletest "${_precompile_vectors}/eip-7951" --expect-gas 6900)
  set_tests_properties(evm_precompiles_p256 PROPERTIES LABELS "conformance;evm" TIMEOUT 120)
endif()
if(EXISTS "${_precompile_vectors}/eip-7951")
  # `bench --precompiles` itself (not a timing): ECRECOVER and P256VERIFY's valid signatures, one batch each; fails
  # if a call does not give its vector's output.
  add_test(NAME evm_bench_precompiles_check
           COMMAND trellis-evm bench --precompiles "${_precompile_vectors}" --repeat 1 --filter P256)
  set_tests_properties(evm_bench_precompiles_check PROPERTIES LABELS "evm;bench" TIMEOUT 120
                       PASS_REGULAR_EXPRESSION "P256VERIFY .*0 group\\(s\\) failed")
endif()
if(EXISTS "${_precompile_vectors}/eip-2537")
  add_test(NAME evm_precompiles_bls12_381 COMMAND trellis-evm precompiletest "${_precompile_vectors}/eip-2537")
  set_tests_properties(evm_precompiles_bls12_381 PROPERTIES LABELS "conformance;evm" TIMEOUT 300)
endif()

# Quick check of `trellis-evm bench` (not a timing): two micro benchmarks, one timed run each, every pair;
# fails if a status, output or gas used differs from expected_outputs.json.
set(_bench_dir "${TRELLIS_EVM_TESTDATA}/benchmarks/evm-benchmarks")
if(EXISTS "${_bench_dir}/expected_outputs.json")
  add_test(NAME evm_bench_micro_check COMMAND trellis-evm bench "${_bench_dir}" --repeat 1 --filter micro/memory_grow_mstore)
  add_test(NAME evm_bench_signextend_check COMMAND trellis-evm bench "${_bench_dir}" --repeat 1 --filter micro/signextend)
  set_tests_properties(evm_bench_micro_check evm_bench_signextend_check PROPERTIES LABELS "evm;bench" TIMEOUT 120)
endif()
