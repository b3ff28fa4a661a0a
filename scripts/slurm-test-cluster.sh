#!/usr/bin/env bash
# A throwaway single-node Slurm cluster for the chain-run test (tests/slurm) and for trying
# packaging/slurm on one machine.
#   scripts/slurm-test-cluster.sh start DIR   creates DIR with a munge key, munged, a slurm.conf
#                                             naming this machine as controller and only node,
#                                             starts slurmctld and slurmd, waits until the node is
#                                             idle and prints "SLURM_CONF=DIR/slurm.conf"
#   scripts/slurm-test-cluster.sh stop DIR    stops the daemons and removes DIR
# Everything (key, sockets, state, spool, logs, pid files) lives in DIR, so it touches nothing of
# a real cluster on the machine. CI is a container: no cgroups (proctrack/linuxproc, task/none)
# and no accounting database (squeue and scontrol answer; sacct does not). Needs Debian's
# slurm-wlm and munge (packaging/install-deps.sh) and root, as CI runs: slurmd starts the jobs.
set -euo pipefail

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}
[[ $# -eq 2 ]] || usage
action=$1
dir=$2

fail() {
    echo "slurm-test-cluster: $*" >&2
    exit 1
}

# A TCP port nobody listens on, from a start value, so that two test clusters (or a real
# cluster's 6817/6818) on one machine do not collide.
free_port() {
    local port=$1
    # bash's /dev/tcp connects when something listens there (iproute2's ss is not in every image).
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

stop_daemon() {
    local pidfile=$1 pid
    [[ -f "$pidfile" ]] || return 0
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
}

case "$action" in
start)
    for program in munged mungekey slurmctld slurmd sinfo; do
        command -v "$program" >/dev/null 2>&1 || [[ -x /usr/sbin/$program ]] ||
            fail "$program is missing (install the Debian packages slurm-wlm and munge)"
    done
    [[ $(id -u) -eq 0 ]] || fail "run as root: slurmd starts jobs as their user"
    [[ -e "$dir" ]] && fail "$dir already exists; stop it first or pick another folder"
    export PATH=$PATH:/usr/sbin
    mkdir -p "$dir"/{munge,state,spool,log,run}
    # munged refuses a key others may read and a socket folder others may write to or not enter.
    chmod 755 "$dir" "$dir/munge"
    mungekey --create --keyfile="$dir/munge/munge.key" 2>"$dir/log/mungekey.log" ||
        { cat "$dir/log/mungekey.log" >&2; fail "mungekey failed"; }
    chmod 600 "$dir/munge/munge.key"
    socket=$dir/munge/munge.socket
    munged --socket="$socket" --key-file="$dir/munge/munge.key" \
        --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" \
        --seed-file="$dir/munge/munged.seed" ||
        { cat "$dir/log/munged.log" >&2; fail "munged did not start"; }

    # The node as slurmd sees it (CPUs, sockets, cores, memory), named and addressed as this
    # machine on the loopback, which is what a container always has.
    node=$(slurmd -C | head -1)
    name=$(hostname -s)
    ctld_port=$(free_port 6917)
    slurmd_port=$(free_port $((ctld_port + 1)))
    cat >"$dir/slurm.conf" <<CONF
# Written by scripts/slurm-test-cluster.sh: a one-node cluster, everything under $dir.
ClusterName=merchbench-test
SlurmctldHost=$name(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/slurmd-%n
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd-%n.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
# A container has no cgroups to confine jobs with: track them by their processes.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
# Shards share the node by cores and memory, so several run at once.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Start tasks as soon as a core is free (measured here: six empty array tasks end in about 3 s
# instead of 5 to 6 with the default batch_sched_delay).
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
# Finished jobs stay visible to squeue and scontrol for a while after they end.
MinJobAge=600
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=chain Nodes=$name Default=YES MaxTime=INFINITE State=UP
CONF
    sed -i 's/ UpTime=[^ ]*//' "$dir/slurm.conf"
    export SLURM_CONF=$dir/slurm.conf
    slurmctld -f "$SLURM_CONF" || { cat "$dir/log/slurmctld.log" >&2; fail "slurmctld did not start"; }
    slurmd -f "$SLURM_CONF" || { cat "$dir/log/slurmd.log" >&2; fail "slurmd did not start"; }
    for _ in $(seq 60); do
        if [[ $(sinfo -h -n "$name" -o %t 2>/dev/null) == idle ]]; then
            echo "SLURM_CONF=$SLURM_CONF"
            exit 0
        fi
        sleep 0.5
    done
    sinfo -N -l >&2 || true
    tail -20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
    fail "the node did not become idle within 30 s (logs above, in $dir/log)"
    ;;
stop)
    if [[ -d "$dir/run" ]]; then
        for pidfile in "$dir"/run/slurmd-*.pid "$dir/run/slurmctld.pid" "$dir/run/munged.pid"; do
            stop_daemon "$pidfile"
        done
    fi
    rm -rf "$dir"
    ;;
*)
    usage
    ;;
esac
