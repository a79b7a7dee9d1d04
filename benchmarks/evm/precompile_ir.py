#!/usr/bin/env python3
"""Instructions per call and per gas of single precompiles, beside ECRECOVER's, by callgrind.

Usage: precompile_ir.py [TRELLIS_EVM] [NAME...]   (default ./build/frontends/evm/trellis-evm, every NAME below)

Each input is written as a `precompiletest` vector file of 1 and of 65 calls (a list of inputs repeats in turn);
callgrind counts the instructions inside run_precompile (--toggle-collect), and (count(65) - count(1)) / 64 is one
warm call (first-call set-up, such as tables made once per process, cancels). Valgrind hides AVX-512 and ADX from
CPUID, so the counts are of the AVX2 and portable paths. A call that does not succeed stops the script.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

P = 0x30644E72E131A029B85045B68181585D97816A916871CA8D3C208C16D87CFD47  # alt_bn128 field


def bn_add(a, b):
    """Affine sum on y^2 = x^3 + 3 (None is infinity)."""
    if a is None or b is None:
        return a or b
    if a[0] == b[0]:
        if (a[1] + b[1]) % P == 0:
            return None
        lam = 3 * a[0] * a[0] * pow(2 * a[1], -1, P) % P
    else:
        lam = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
    x = (lam * lam - a[0] - b[0]) % P
    return x, (lam * (a[0] - x) - a[1]) % P


def bn_hex(pt):
    return "%064x%064x" % pt


G1 = (1, 2)
MULTIPLES = [G1]
while len(MULTIPLES) < 66:
    MULTIPLES.append(bn_add(MULTIPLES[-1], G1))

# name: (address, gas per call, inputs). ECRECOVER: go-ethereum's sample; BLAKE2F: EIP-152 vector 5; KZG: EEST's
# verify_kzg_proof_case_correct_proof_31ebd010e6098750; BN254_ADD rotated: k G + (k + 1) G for k = 2..65.
CASES = {
    "ECRECOVER": ("0x01", 3000, [
        "38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e"
        "000000000000000000000000000000000000000000000000000000000000001b"
        "38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e"
        "789d1dd423d25f0772d2748d60f7e4b81bb14d086eba8e8e8efb6dcff8a4ae02"]),
    "BLAKE2F_12": ("0x09", 12, [
        "0000000c48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b"
        "6bbd41fbabd9831f79217e1319cde05b616263" + "0" * 250 + "03000000000000000000000000000000" + "01"]),
    "BN254_ADD": ("0x06", 150, [bn_hex(G1) + bn_hex(G1)]),
    "BN254_ADD_rotated": ("0x06", 150, [bn_hex(MULTIPLES[k]) + bn_hex(MULTIPLES[k + 1]) for k in range(1, 65)]),
    "KZG": ("0x0a", 50000, [
        "01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b"
        "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000"
        "1522a4a7f34e1ea350ae07c29c96c7e79655aa926122e95fe69fcbd932ca49e9"
        "8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7"
        "a62ad71d14c5719385c0686f1871430475bf3a00f0aa3f7b8dd99a9abc2160744faf0070725e00b60ad9a026a15b1a8c"]),
}


def instructions(binary, path, address):
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          "--toggle-collect=trellis::evm::run_precompile(*", binary, "precompiletest", path,
                          "--address", address], capture_output=True, text=True)
    if "expected success" in run.stdout:
        sys.exit(f"{path}: a call failed:\n{run.stdout[:2000]}")
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))


def main():
    args = sys.argv[1:]
    binary = args.pop(0) if args and os.path.sep in args[0] else "./build/frontends/evm/trellis-evm"
    names = args or list(CASES)
    per_gas = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ["ECRECOVER"] + [n for n in names if n != "ECRECOVER"]:
            address, gas, inputs = CASES[name]
            counts = []
            for calls in (1, 65):
                path = os.path.join(tmp, f"{name}_{calls}.json")
                with open(path, "w") as f:
                    json.dump([{"Name": str(i), "Input": inputs[i % len(inputs)], "Expected": "", "Gas": gas}
                               for i in range(calls)], f)
                counts.append(instructions(binary, path, address))
            per_call = (counts[1] - counts[0]) / 64
            per_gas[name] = per_call / gas
            print(f"{name:<18} {per_call:>12,.0f} Ir/call {per_gas[name]:>9.2f} Ir/gas "
                  f"{per_gas['ECRECOVER'] / per_gas[name]:>6.2f}x ECRECOVER's gas per instruction")


if __name__ == "__main__":
    main()
