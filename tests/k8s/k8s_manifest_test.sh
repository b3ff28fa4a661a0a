#!/usr/bin/env bash
# packaging/k8s: the Indexed Job is what its README says. `kubectl apply --dry-run=client` needs
# an API server to map the kinds (kubectl 1.32 asks it even with --validate=false), so it runs
# only when one answers; without one the manifest is still parsed by kubectl itself
# (`kubectl label --local`) and checked: an Indexed Job whose completions equal the shards, pod
# index I running shard I+1 of N (the container's own command, run here with a stand-in CLI), the
# password only from a Secret, resources stated, and the example request a valid one (replayed on
# the demo project). Skips (77) without kubectl.
# Usage: k8s_manifest_test.sh MERCHBENCH_CLI SOURCE_DIR
set -euo pipefail
cli=$1
manifest=$2/packaging/k8s/merchbench-chain.yaml
say() { echo "k8s_manifest_test: $*"; }
fail() {
    echo "k8s_manifest_test: FAIL: $*" >&2
    exit 1
}
command -v kubectl >/dev/null || { say "SKIP: kubectl is not installed"; exit 77; }

if kubectl version --request-timeout=5s >/dev/null 2>&1; then
    kubectl apply --dry-run=client -f "$manifest" || fail "kubectl apply --dry-run=client refused it"
    say "kubectl apply --dry-run=client accepted it"
else
    say "no Kubernetes API server answers: kubectl apply --dry-run=client needs one; checking offline"
fi

# Each object's fields, read by kubectl from the manifest.
field() {
    local kind=$1 path=$2
    # One record an object, "Kind/name|value", ended by a marker (a value may span lines).
    kubectl label --local -f "$manifest" merchbench-check=1 \
        -o jsonpath="{.kind}/{.metadata.name}|{$path}@@end@@" |
        awk -v want="$kind|" 'BEGIN { RS = "@@end@@" } index($0, want) == 1 {
            print substr($0, length(want) + 1) }'
}
[[ $(kubectl label --local -f "$manifest" merchbench-check=1 -o jsonpath='{.kind} ') == \
    "ConfigMap ConfigMap Job " ]] || fail "expected two ConfigMaps and a Job"
[[ $(field Job/merchbench-chain .spec.completionMode) == Indexed ]] || fail "the Job is not Indexed"
shards=$(field ConfigMap/merchbench-chain .data.MERCHBENCH_SHARDS)
completions=$(field Job/merchbench-chain .spec.completions)
[[ -n "$shards" && "$shards" == "$completions" ]] ||
    fail "MERCHBENCH_SHARDS ($shards) differs from the Job's completions ($completions)"
[[ $(field Job/merchbench-chain .spec.parallelism) -ge 1 ]] || fail "no parallelism"
[[ $(field Job/merchbench-chain .spec.template.spec.restartPolicy) == Never ]] ||
    fail "restartPolicy must be Never (backoffLimitPerIndex needs it)"
for resource in requests.cpu requests.memory limits.memory; do
    [[ -n $(field Job/merchbench-chain ".spec.template.spec.containers[0].resources.$resource") ]] ||
        fail "the shard states no $resource"
done

# No password in the manifest: the URIs have none, and PGPASSWORD comes from a Secret.
for name in MERCHBENCH_SOURCE MERCHBENCH_SINK; do
    uri=$(field ConfigMap/merchbench-chain ".data.$name")
    [[ "$uri" =~ ^postgresql://[^:/@]+@ ]] || fail "$name is not a postgresql:// URI without a password: $uri"
done
grep -qiE '^[^#]*password[^:]*: *[^ ]' <(grep -v -E 'name: PGPASSWORD|key: password' "$manifest") &&
    fail "a password value is written in the manifest"
[[ $(field Job/merchbench-chain '.spec.template.spec.containers[0].env[?(@.name=="PGPASSWORD")].valueFrom.secretKeyRef.name') == \
    merchbench-db ]] || fail "PGPASSWORD does not come from the Secret merchbench-db"

# The container's command, run as the pod would with index 0 and N-1: shards 1 and N.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '#!/bin/sh\necho "$@"\n' >"$work/merchbench-cli"
chmod +x "$work/merchbench-cli"
command=$(field Job/merchbench-chain '.spec.template.spec.containers[0].args[0]')
for index in 0 $((shards - 1)); do
    said=$(env PATH="$work:$PATH" JOB_COMPLETION_INDEX=$index MERCHBENCH_SHARDS=$shards \
        MERCHBENCH_SOURCE=src MERCHBENCH_SINK=sink MERCHBENCH_RUN_KEY=key sh -c "$command")
    [[ "$said" == "run /etc/merchbench/request.json --source src --shard $((index + 1))/$shards --sink sink --run-key key" ]] ||
        fail "pod index $index runs: $said"
done
[[ $(field Job/merchbench-chain '.spec.template.spec.containers[0].volumeMounts[0].mountPath') == /etc/merchbench ]] ||
    fail "the request is not mounted at /etc/merchbench"

# The example request is one `run` accepts: replayed on the demo project, whose weeks it names.
field ConfigMap/merchbench-chain-request '.data.request\.json' >"$work/request.json"
"$cli" demo "$work/demo" >/dev/null
"$cli" run "$work/request.json" --project "$work/demo/demo.merchbench" >"$work/run.out" 2>&1 ||
    { cat "$work/run.out" >&2; fail "the example request does not run"; }
say "PASS: Indexed Job, $shards shards, index I runs shard I+1, no password, request runs"
