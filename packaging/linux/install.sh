#!/bin/sh
# Register ChatApp (this unpacked folder) with the desktop for the current user: a menu
# entry and icons under ~/.local/share. Run it again after moving the folder.
#   ./install.sh              add ChatApp to the applications menu
#   ./install.sh --uninstall  remove the menu entry and icons (the folder stays)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
desktop="$data/applications/chatapp.desktop"
sizes="16 32 48 64 128 256 512"

refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
  # No icon cache in the user's folder (a stale one hides other apps' icons): a newer
  # folder time makes the desktop look again.
  touch "$data/icons/hicolor" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$desktop"
  for size in $sizes; do
    rm -f "$data/icons/hicolor/${size}x${size}/apps/chatapp.png"
  done
  refresh
  echo "ChatApp's menu entry and icons are removed. Delete $here to remove the app itself."
  exit 0
fi

if [ ! -x "$here/chatapp" ]; then
  echo "install.sh: $here/chatapp not found: run install.sh from the unpacked ChatApp folder" >&2
  exit 1
fi
for size in $sizes; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$here/icons/chatapp-$size.png" "$data/icons/hicolor/${size}x${size}/apps/chatapp.png"
done
mkdir -p "$data/applications"
# The .desktop entry with the real path of this folder, quoted and escaped as the Desktop
# Entry spec wants (spaces, quotes, backslashes, % in the path all work).
exec_path=$(printf '%s' "$here/chatapp" | sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g' -e 's/%/%%/g')
{
  grep -v -e '^Exec=' -e '^TryExec=' -e '^StartupWMClass=' "$here/chatapp.desktop"
  printf 'Exec="%s"\n' "$exec_path"
  printf 'StartupWMClass=chatapp\n'
} > "$desktop.tmp"
chmod 644 "$desktop.tmp"
mv "$desktop.tmp" "$desktop"
refresh
echo "ChatApp is in your applications menu ($desktop)."
