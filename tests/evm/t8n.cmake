# trellis-evm t8n: state-test fixtures converted to t8n inputs on the fly (stateRoot and logsHash against the
# fixtures' post hashes; ~460 post entries across Frontier-era..Osaka forks, about a second), and hand-checked
# rejections with geth's error texts (nonce too low, intrinsic gas too low, insufficient funds), from files and from
# the combined stdin object.
if(NOT TARGET trellis-evm)
  return()
endif()
set(_t8n_data "${TRELLIS_SHARED_DIR}/testdata/evm/state_tests")
if(EXISTS "${_t8n_data}")
  set(_legacy "${_t8n_data}/LegacyTests/Cancun/GeneralStateTests")
  add_test(NAME evm_t8n_fixtures COMMAND t8n_fixtures --stride 7
    "${_t8n_data}/osaka/eip7825_transaction_gas_limit_cap" "${_t8n_data}/osaka/eip7594_peerdas"
    "${_t8n_data}/osaka/eip7951_p256verify_precompiles/p256verify/call_types.json"
    "${_t8n_data}/eest/fusaka-devnet-5/state_tests/osaka/eip7939_count_leading_zeros/count_leading_zeros/clz_from_set_code.json"
    "${_t8n_data}/GeneralStateTests/stExample" "${_legacy}/stCallCodes" "${_legacy}/stLogTests" "${_legacy}/stInitCodeTest"
    "${_t8n_data}/GeneralStateTests/stEIP1559" "${_t8n_data}/GeneralStateTests/Cancun/stEIP4844-blobtransactions")
  set_tests_properties(evm_t8n_fixtures PROPERTIES LABELS "evm;t8n")
endif()
set(_rej "${CMAKE_CURRENT_SOURCE_DIR}/t8n/rejected")
set(_rej_expect "\"error\": \"nonce too low: address 0xa94f5374Fce5edBC8E2a8697C15331677e6EbF0B, tx: 0 state: 2\",[^}]*\"index\": 1.*\"error\": \"intrinsic gas too low: have 20480, want 21000\",[^}]*\"index\": 2.*\"error\": \"insufficient funds for gas \\* price \\+ value: address 0xa94f5374Fce5edBC8E2a8697C15331677e6EbF0B have 999999999999826808 want 1000000000000336000\",[^}]*\"index\": 3")
add_test(NAME evm_t8n_rejected
  COMMAND trellis-evm t8n --input.alloc ${_rej}/alloc.json --input.txs ${_rej}/txs.json --input.env ${_rej}/env.json
          --state.fork Osaka --state.reward -1 --output.result stdout --output.alloc stdout)
set_tests_properties(evm_t8n_rejected PROPERTIES PASS_REGULAR_EXPRESSION "${_rej_expect}" LABELS "evm;t8n;cli")
add_test(NAME evm_t8n_stdin
  COMMAND sh -c "$<TARGET_FILE:trellis-evm> t8n --input.alloc stdin --input.txs stdin --input.env stdin --state.reward -1 --output.result stdout --output.alloc stdout < ${CMAKE_CURRENT_SOURCE_DIR}/t8n/stdin_input.json")
set_tests_properties(evm_t8n_stdin PROPERTIES PASS_REGULAR_EXPRESSION "${_rej_expect}.*\"stateRoot\": \"0xb4e40b2959604c3005945daf30e913117306d49e58f306afc0a3b8b2ea6cc67e\"" LABELS "evm;t8n;cli")
add_test(NAME evm_t8n_bad_input COMMAND trellis-evm t8n --input.alloc ${_rej}/missing.json --input.txs ${_rej}/txs.json --input.env ${_rej}/env.json)
set_tests_properties(evm_t8n_bad_input PROPERTIES WILL_FAIL TRUE LABELS "evm;t8n;cli")
# The body written by one run, fed back as --input.txs (RLP, senders recovered): same stateRoot and txRoot.
add_test(NAME evm_t8n_rlp_roundtrip
  COMMAND sh -c "d=${CMAKE_CURRENT_BINARY_DIR}/t8n_roundtrip && rm -rf $d && $<TARGET_FILE:trellis-evm> t8n --input.alloc ${_rej}/alloc.json --input.txs ${_rej}/txs.json --input.env ${_rej}/env.json --state.reward -1 --output.basedir $d --output.body body.rlp && $<TARGET_FILE:trellis-evm> t8n --input.alloc ${_rej}/alloc.json --input.txs $d/body.rlp --input.env ${_rej}/env.json --state.reward -1 --output.result stdout | grep -E 'stateRoot|txRoot' | tr -d ' ,' > $d/again && grep -E 'stateRoot|txRoot' $d/result.json | tr -d ' ,' | diff - $d/again && grep -c '\"index\": [123]' $d/result.json")
set_tests_properties(evm_t8n_rlp_roundtrip PROPERTIES PASS_REGULAR_EXPRESSION "^3\n$" LABELS "evm;t8n;cli")
