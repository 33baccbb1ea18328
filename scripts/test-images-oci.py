#!/usr/bin/env python3
"""Turns a chain of root filesystems into layers and OCI images, without a container daemon.

    test-images-oci.py SPEC.json RESULT.json

SPEC: {"layout": DIR, "created": RFC3339,
       "layers": [{"name", "root", "parent" (name or null), "createdBy"}],
       "images": [{"tag", "layers": [name, ...], "history" (optional)}]}

A layer with no parent is its whole root; a layer with a parent holds what changed from the parent's root to its own
the way `docker build` computes a layer: a path whose type, mode, owner, device, link target, or (not for directories)
size or mtime differ is added, with its parent directories; a path gone from the new root is a whiteout `.wh.NAME`
(OCI image spec, "Representing Changes"). /dev, /proc and /sys are mount points: their contents are never archived.
Layers are gzip-compressed tarballs in the layout's blobs; each image gets an OCI config (rootfs.diff_ids and one
history entry per layer, created_by as given), a manifest, and an index entry named by its tag. An image's optional
"history" lists its history entries instead: {"layer": name} for a layer's step, {"createdBy", "emptyLayer": true} for
a step that made no layer (ENV, WORKDIR), so the config's history is longer than its diff_ids as BuildKit writes it.
"""
import gzip
import hashlib
import json
import os
import shutil
import stat
import sys
import tarfile

MOUNT_POINTS = ("dev", "proc", "sys")


def walk(root):
    """Relative paths of everything under root (not root itself), parents first, mount points' contents left out."""
    paths = []
    for directory, dirs, files in os.walk(root):
        rel = os.path.relpath(directory, root)
        if rel in MOUNT_POINTS:
            dirs[:] = []
            continue
        dirs.sort()
        for name in sorted(dirs + files):
            paths.append(name if rel == "." else f"{rel}/{name}")
    return paths


def signature(path):
    """What docker compares to decide that a path changed (pkg/archive changes.go)."""
    st = os.lstat(path)
    sig = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid, st.st_rdev)
    if stat.S_ISLNK(st.st_mode):
        sig += (os.readlink(path),)
    if not stat.S_ISDIR(st.st_mode):
        sig += (st.st_size, st.st_mtime_ns)
    return sig


def changes(lower, upper):
    """(paths to archive from upper, paths deleted from lower): the layer upper adds on top of lower."""
    lower_paths = set(walk(lower))
    upper_paths = walk(upper)
    upper_set = set(upper_paths)
    added = set()
    for rel in upper_paths:
        if rel not in lower_paths or signature(os.path.join(lower, rel)) != signature(os.path.join(upper, rel)):
            added.add(rel)
            parent = os.path.dirname(rel)
            while parent and parent not in added:
                added.add(parent)
                parent = os.path.dirname(parent)
    deleted = lower_paths - upper_set
    # A deleted directory's whiteout covers everything under it: only the topmost deleted paths get one.
    top = sorted(d for d in deleted if os.path.dirname(d) not in deleted)
    return [p for p in upper_paths if p in added], top


def write_tar(out, root, paths, whiteouts):
    """A layer tar of root's paths (in order) plus whiteouts; ownership is numeric, as in an image."""
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        entries = [(p, False) for p in paths] + [(w, True) for w in whiteouts]
        entries.sort(key=lambda e: e[0].split("/"))
        for rel, whiteout in entries:
            if whiteout:
                info = tarfile.TarInfo(os.path.join(os.path.dirname(rel), ".wh." + os.path.basename(rel)))
                info.mtime = 0
                tar.addfile(info)
                continue
            full = os.path.join(root, rel)
            mode = os.lstat(full).st_mode
            if stat.S_ISSOCK(mode):
                continue
            info = tar.gettarinfo(full, arcname=rel)
            info.mtime = int(info.mtime)
            info.uname = info.gname = ""
            if info.isreg():
                with open(full, "rb") as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Layout:
    def __init__(self, directory):
        self.directory = directory
        self.blobs = os.path.join(directory, "blobs", "sha256")
        os.makedirs(self.blobs, exist_ok=True)

    def add_bytes(self, data):
        digest = hashlib.sha256(data).hexdigest()
        with open(os.path.join(self.blobs, digest), "wb") as f:
            f.write(data)
        return f"sha256:{digest}", len(data)

    def add_json(self, value):
        return self.add_bytes(json.dumps(value, indent=None, separators=(",", ":"), sort_keys=True).encode())

    def add_gzip_of(self, tar_path):
        tmp = os.path.join(self.blobs, "tmp.gz")
        with open(tar_path, "rb") as src, open(tmp, "wb") as raw:
            # mtime=0 and no file name: the same tar gives the same blob.
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
                shutil.copyfileobj(src, gz, 1 << 20)
        digest = sha256_file(tmp)
        os.replace(tmp, os.path.join(self.blobs, digest))
        return f"sha256:{digest}", os.path.getsize(os.path.join(self.blobs, digest))


def history_entry(created, built, step):
    """A config history entry: a layer's step, or a step without a layer (empty_layer)."""
    if "layer" in step:
        return {"created": created, "created_by": built[step["layer"]]["createdBy"]}
    return {"created": created, "created_by": step["createdBy"], "empty_layer": True}


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    layout = Layout(spec["layout"])
    roots = {layer["name"]: layer["root"] for layer in spec["layers"]}
    built = {}
    for layer in spec["layers"]:
        root = layer["root"]
        if layer["parent"] is None:
            paths, whiteouts = walk(root), []
        else:
            paths, whiteouts = changes(roots[layer["parent"]], root)
        tar_path = os.path.join(spec["layout"], f"{layer['name']}.tar")
        write_tar(tar_path, root, paths, whiteouts)
        diff_id = "sha256:" + sha256_file(tar_path)
        digest, size = layout.add_gzip_of(tar_path)
        os.remove(tar_path)
        built[layer["name"]] = {"diffId": diff_id, "digest": digest, "size": size, "createdBy": layer["createdBy"],
                                "entries": len(paths), "whiteouts": whiteouts}
        print(f"layer {layer['name']}: {len(paths)} entries, {len(whiteouts)} whiteouts, {size} bytes gzip, {diff_id}")

    manifests = []
    for image in spec["images"]:
        layers = [built[name] for name in image["layers"]]
        config = {
            "created": spec["created"],
            "architecture": "amd64",
            "os": "linux",
            "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["bash"]},
            "rootfs": {"type": "layers", "diff_ids": [l["diffId"] for l in layers]},
            "history": [history_entry(spec["created"], built, step)
                        for step in image.get("history", [{"layer": name} for name in image["layers"]])],
        }
        config_digest, config_size = layout.add_json(config)
        manifest = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_size},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": l["digest"], "size": l["size"]}
                       for l in layers],
        }
        manifest_digest, manifest_size = layout.add_json(manifest)
        manifests.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest,
                          "size": manifest_size, "annotations": {"org.opencontainers.image.ref.name": image["tag"]}})
        image["manifest"] = manifest_digest
        image["layerDetails"] = layers
    with open(os.path.join(spec["layout"], "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": manifests}, f, indent=2)
    with open(os.path.join(spec["layout"], "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(sys.argv[2], "w") as f:
        json.dump({"images": spec["images"]}, f, indent=2)


if __name__ == "__main__":
    main()
