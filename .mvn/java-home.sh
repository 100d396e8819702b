# Sourced by ./mvnw and ./catalyst (POSIX sh). Catalyst needs a JDK >= 21: keep JAVA_HOME when it is
# one, else take the newest JDK >= 21 under /usr/lib/jvm (or /Library/Java/JavaVirtualMachines on macOS).
catalyst_jdk_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || { echo 0; return; }
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  echo "${v:-0}"
}
if [ "$(catalyst_jdk_major "${JAVA_HOME:-/nonexistent}")" -lt 21 ]; then
  catalyst_best=""
  catalyst_best_major=0
  case $- in *f*) catalyst_noglob=1; set +f ;; *) catalyst_noglob=0 ;; esac
  for catalyst_dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    catalyst_major=$(catalyst_jdk_major "$catalyst_dir")
    if [ "$catalyst_major" -ge 21 ] && [ "$catalyst_major" -gt "$catalyst_best_major" ]; then
      catalyst_best=$catalyst_dir
      catalyst_best_major=$catalyst_major
    fi
  done
  [ "$catalyst_noglob" = 1 ] && set -f
  if [ -z "$catalyst_best" ]; then
    echo "catalyst: no JDK 21 or newer found: set JAVA_HOME to one (checked JAVA_HOME and /usr/lib/jvm)" >&2
    exit 1
  fi
  JAVA_HOME=$catalyst_best
  export JAVA_HOME
fi
