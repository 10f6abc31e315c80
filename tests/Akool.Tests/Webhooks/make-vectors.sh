#!/usr/bin/env bash
# Makes vectors.json: Akool webhook callbacks computed with openssl and sha1sum only, independently of the
# module's code, so the verifier is checked against the contract and not against itself.
# Run from anywhere: bash tests/Akool.Tests/Webhooks/make-vectors.sh   (needs bash, openssl, sha1sum, xxd, jq)
set -euo pipefail
export LC_ALL=C   # byte order in sort(1) = ordinal order for ASCII, as the contract demands
out="$(dirname "$0")/vectors.json"

hex() { printf '%s' "$1" | xxd -p -c 1000 | tr -d '\n'; }

# IV = the first 16 UTF-8 bytes of the client id, zero-padded to 16 bytes.
iv_hex() {
  local h
  h="$(printf '%s' "$1" | head -c 16 | xxd -p -c 1000 | tr -d '\n')"
  while [ "${#h}" -lt 32 ]; do h="${h}00"; done
  printf '%s' "$h"
}

# encrypt <secret> <clientId> <plaintext> [extra openssl args]: AES-CBC, key = UTF-8 bytes of the secret.
encrypt() {
  local bits=$(( ${#1} * 8 ))
  printf '%s' "$3" | openssl enc "-aes-${bits}-cbc" -K "$(hex "$1")" -iv "$(iv_hex "$2")" -base64 -A "${@:4}"
}

# sign <clientId> <timestamp> <nonce> <dataEncrypt>: sha1 of the four strings sorted by byte (ordinal), joined.
sign() {
  printf '%s\n' "$1" "$2" "$3" "$4" | sort | tr -d '\n' | sha1sum | cut -d' ' -f1
}

# vector <name> <clientId> <secret> <timestamp> <nonce> <timestampAsString> <nonceAsNumber> <plaintext> <dataEncrypt> <expect>
vector() {
  jq -n --arg name "$1" --arg clientId "$2" --arg secret "$3" --arg timestamp "$4" --arg nonce "$5" \
    --argjson timestampAsString "$6" --argjson nonceAsNumber "$7" --arg plaintext "$8" --arg dataEncrypt "$9" \
    --arg signature "$(sign "$2" "$4" "$5" "$9")" --arg expect "${10}" \
    '{name:$name, clientId:$clientId, secret:$secret, timestamp:$timestamp, nonce:$nonce,
      timestampAsString:$timestampAsString, nonceAsNumber:$nonceAsNumber, plaintext:$plaintext,
      dataEncrypt:$dataEncrypt, signature:$signature, expect:$expect}'
}

# AES-128: client id shorter than 16 (IV zero-padded) with '_' and mixed case; nonce starts upper-case, so the
# ordinal order (digits < upper-case < '_' < lower-case) differs from a culture-aware one.
c1=mvp_Client; k1=Sk16charSecret01; t1=1700000000123; n1=Zq9_nonce
p1='{"_id":"64dd1f9e1b3c2a0001a1b2c3","status":3,"type":"talking photo","url":"https://cdn.example/v/64dd.mp4","deduction_credit":30}'
e1="$(encrypt "$k1" "$c1" "$p1")"

# AES-192: client id longer than 16 (IV = its first 16 bytes); timestamp sent as a string, nonce as a number.
c2=ClientIdLongerThan16Chars; k2=Sk24charSecretABCDEFGHIJ; t2=1700000100456; n2=4821
p2='{"_id":"64dd1f9e1b3c2a0001a1b2c4","status":2,"type":"talking photo","url":"","deduction_credit":12.5}'
e2="$(encrypt "$k2" "$c2" "$p2")"

# AES-256 (what real callbacks use): exactly 16-character client id; nonce starts with '_'; the plaintext has
# an extra field and no deduction_credit.
c3=k9_AbCdEfGhIjKlM; k3=Sk32charSecret_abcdefghijklmnopq; t3=1700000200789; n3=_lowerNonce
p3='{"_id":"64dd1f9e1b3c2a0001a1b2c5","status":4,"type":"talking photo","url":"","extra":{"a":[1,2]}}'
e3="$(encrypt "$k3" "$c3" "$p3")"

# Correctly signed, but the ciphertext's last block is not PKCS#7 padded (16 bytes encrypted with -nopad;
# the last plaintext byte 'f' = 0x66 is not a valid pad length).
p4='0123456789abcdef'
e4="$(encrypt "$k1" "$c1" "$p4" -nopad)"

# Correctly signed and padded, but the plaintext is not JSON.
p5='this is not json'
e5="$(encrypt "$k3" "$c3" "$p5")"

# The AES-256 ciphertext with its first character changed, then signed again (the signature does not involve
# the secret, so anyone who knows the client id can do this): the first plaintext block becomes garbage.
first="${e3:0:1}"; if [ "$first" = "A" ]; then swap=B; else swap=A; fi
e6="${swap}${e3:1}"

# Decrypts fine but the plaintext lacks _id.
p7='{"status":3,"type":"talking photo"}'
e7="$(encrypt "$k3" "$c3" "$p7")"

{
  vector aes128-short-client-id "$c1" "$k1" "$t1" "$n1" false false "$p1" "$e1" ok
  vector aes192-long-client-id "$c2" "$k2" "$t2" "$n2" true true "$p2" "$e2" ok
  vector aes256-16-char-client-id "$c3" "$k3" "$t3" "$n3" false false "$p3" "$e3" ok
  vector bad-padding "$c1" "$k1" "$t1" "$n1" false false "$p4" "$e4" DecryptionFailed
  vector plaintext-not-json "$c3" "$k3" "$t3" "$n3" false false "$p5" "$e5" DecryptionFailed
  vector tampered-ciphertext-resigned "$c3" "$k3" "$t3" "$n3" false false "" "$e6" DecryptionFailed
  vector plaintext-without-id "$c3" "$k3" "$t3" "$n3" false false "$p7" "$e7" DecryptionFailed
} | jq -s '{generatedBy: "tests/Akool.Tests/Webhooks/make-vectors.sh", vectors: .}' > "$out"
echo "wrote $out"
