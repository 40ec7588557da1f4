# kept_secret NAME FILE: unless NAME is already set, export it with the secret
# kept in FILE (made once, owner-only), so every start and every server share
# it. Sourced by scripts/run.sh and scripts/cluster.sh.
kept_secret() {
  local name=$1 file=$2 tmp
  [ -n "${!name:-}" ] && return 0
  mkdir -p "$(dirname "$file")"
  if [ ! -s "$file" ]; then
    tmp=$(mktemp "$file.XXXXXX")  # mode 0600
    od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$tmp"
    mv -n "$tmp" "$file" || true  # another start may have won
    rm -f "$tmp"
  fi
  chmod 600 "$file"
  export "$name=$(cat "$file")"
}
