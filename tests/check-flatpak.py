#!/usr/bin/env python3
"""Lint the Flatpak manifest: what can be checked without downloading the runtime.

Exit 0: good; 1: a mistake; 77: skipped (the manifest still has source hashes nobody could
pin on a machine without internet — said plainly, not passed)."""
import json, sys

manifest_path, base_id = sys.argv[1], sys.argv[2]
try:
    manifest = json.load(open(manifest_path, encoding="utf-8"))
except (OSError, ValueError) as e:
    print(f"not valid JSON: {e}")
    sys.exit(1)

errors = []
if manifest.get("app-id") != base_id:
    errors.append(f"app-id is {manifest.get('app-id')!r}, the data files say {base_id!r}")
if manifest.get("command") != "yizhan":
    errors.append("command must be yizhan")
if not str(manifest.get("runtime", "")).startswith("org.gnome.Platform"):
    errors.append("runtime must be org.gnome.Platform")

allowed = {"--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
           "--device=dri", "--socket=pulseaudio", "--talk-name=org.freedesktop.secrets"}
for arg in manifest.get("finish-args", []):
    if arg not in allowed:
        errors.append(f"finish-arg {arg} is broader than the console needs")

modules = manifest.get("modules", [])
if not modules or modules[-1].get("name") != "yizhan":
    errors.append("the last module must build yizhan")
placeholders = []
for module in modules:
    for source in module.get("sources", []):
        if "url" in source:
            sha = source.get("sha256", "")
            if sha.startswith("FIXME"):
                placeholders.append(module["name"])
            elif len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
                errors.append(f"{module['name']}: sha256 {sha!r} is not a SHA-256")

for e in errors:
    print(e)
if errors:
    sys.exit(1)
if placeholders:
    print("source hashes not pinned yet (no internet here to fetch the tarballs): "
          + ", ".join(placeholders))
    sys.exit(77)
print("manifest ok")
