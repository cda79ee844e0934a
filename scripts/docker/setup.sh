#!/usr/bin/env bash
# Makes a real Docker engine available on a Debian 12 machine where none runs and no image can be
# pulled, for the docker provider's tests (see docs: FEASIBILITY "A real Docker engine"):
#   1. installs docker.io, docker-compose (v1) and debootstrap when missing (apt-get update once);
#   2. starts dockerd in the background when `docker info` fails, and waits until it answers;
#   3. builds local stand-ins for the official base images, only when missing:
#        asym-standin/base:bookworm  debootstrap minbase bookworm + postgresql-15 + redis-server
#        asym-standin/postgres:15    (standin/postgres.Dockerfile)
#        asym-standin/redis:7        (standin/redis.Dockerfile)
#        asym-standin/node:20        (standin/node.Dockerfile, the host's node binary)
# Idempotent: a second run only checks and takes seconds. Runs as root.
# Use the images with: ASYM_DOCKER_POSTGRES_IMAGE=asym-standin/postgres:15
#   ASYM_DOCKER_REDIS_IMAGE=asym-standin/redis:7 ASYM_DOCKER_NODE_IMAGE=asym-standin/node:20
# Environment: ASYM_DOCKER_LOG_DIR (default ${TMPDIR:-/tmp}/asym-docker) holds dockerd.log/.pid;
#   ASYM_STANDIN_PREFIX (default asym-standin) names the images; ASYM_STANDIN_REBUILD=1 rebuilds them.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log_dir="${ASYM_DOCKER_LOG_DIR:-${TMPDIR:-/tmp}/asym-docker}"
prefix="${ASYM_STANDIN_PREFIX:-asym-standin}"
base_tag="$prefix/base:bookworm"
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$log_dir"

total_start=$(date +%s.%N)
say() { printf '  %s\n' "$*"; }
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1fs", e - s }'; }
# step <title> <function>: runs the function and prints what it did and how long it took.
step() {
  local title="$1" fn="$2" t0 outcome
  t0=$(date +%s.%N)
  outcome="$("$fn")" || { say "✗ $title failed after $(elapsed "$t0")"; exit 1; }
  say "✓ $title: $outcome ($(elapsed "$t0"))"
}

[ "$(id -u)" = 0 ] || { echo "setup.sh must run as root (it installs packages and starts dockerd)" >&2; exit 1; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  if [ ${#missing[@]} -eq 0 ]; then echo "already installed"; return; fi
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >"$log_dir/apt.log" 2>&1 || { tail -20 "$log_dir/apt.log" >&2; return 1; }
  echo "installed ${missing[*]}"
}

start_engine() {
  if docker info >/dev/null 2>&1; then echo "engine already answers"; return; fi
  # Started in its own session so it outlives this script; the pid file lets whoever started it stop it.
  setsid dockerd >"$log_dir/dockerd.log" 2>&1 </dev/null &
  echo $! >"$log_dir/dockerd.pid"
  for _ in $(seq 1 120); do
    if docker info >/dev/null 2>&1; then echo "started dockerd pid $(cat "$log_dir/dockerd.pid"), log $log_dir/dockerd.log"; return; fi
    kill -0 "$(cat "$log_dir/dockerd.pid")" 2>/dev/null || { tail -20 "$log_dir/dockerd.log" >&2; return 1; }
    sleep 0.5
  done
  echo "dockerd did not answer within 60s; see $log_dir/dockerd.log" >&2
  return 1
}

have_image() { [ "${ASYM_STANDIN_REBUILD:-}" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; }

build_base() {
  if have_image "$base_tag"; then echo "$base_tag present"; return; fi
  local rootfs
  rootfs="$(mktemp -d "${TMPDIR:-/tmp}/asym-rootfs.XXXXXX")"
  # Default mirror; the packages the stand-ins need are installed into the rootfs here.
  debootstrap --variant=minbase --include=postgresql-15,redis-server bookworm "$rootfs" >"$log_dir/debootstrap.log" 2>&1 ||
    { tail -20 "$log_dir/debootstrap.log" >&2; rm -rf "$rootfs"; return 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import -c 'ENV LANG=C.UTF-8' -c 'CMD ["/bin/bash"]' - "$base_tag" >/dev/null
  rm -rf "$rootfs"
  echo "imported $base_tag"
}

# build_standin <name> <tag> [file copied into the build context as ./node]
build_standin() {
  local name="$1" tag="$2" extra="${3:-}" ctx
  if have_image "$tag"; then echo "$tag present"; return; fi
  ctx="$(mktemp -d "${TMPDIR:-/tmp}/asym-ctx.XXXXXX")"
  cp "$here/standin/$name.Dockerfile" "$ctx/Dockerfile"
  [ -z "$extra" ] || cp "$extra" "$ctx/node"
  docker build -q --build-arg "BASE=$base_tag" -t "$tag" "$ctx" >"$log_dir/build-$name.log" 2>&1 ||
    { tail -20 "$log_dir/build-$name.log" >&2; rm -rf "$ctx"; return 1; }
  rm -rf "$ctx"
  echo "built $tag"
}

node_bin="$(command -v node || true)"
[ -n "$node_bin" ] || { echo "node is not on PATH; the node stand-in copies the host's node binary" >&2; exit 1; }
node_bin="$(readlink -f "$node_bin")"

standin_postgres() { build_standin postgres "$prefix/postgres:15"; }
standin_redis() { build_standin redis "$prefix/redis:7"; }
standin_node() { build_standin node "$prefix/node:20" "$node_bin"; }

echo "asymmetric docker setup (logs in $log_dir)"
step "packages" install_packages
step "engine" start_engine
step "base image" build_base
step "postgres stand-in" standin_postgres
step "redis stand-in" standin_redis
step "node stand-in" standin_node
if v="$(docker compose version --short 2>/dev/null)"; then compose="docker compose $v"; else compose="docker-compose $(docker-compose version --short 2>/dev/null)"; fi
say "engine $(docker version --format '{{.Server.Version}}'), $compose"
say "done in $(elapsed "$total_start"). Use the stand-ins with:"
say "  export ASYM_DOCKER_POSTGRES_IMAGE=$prefix/postgres:15 ASYM_DOCKER_REDIS_IMAGE=$prefix/redis:7 ASYM_DOCKER_NODE_IMAGE=$prefix/node:20"
