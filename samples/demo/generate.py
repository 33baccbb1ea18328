#!/usr/bin/env python3
"""Writes Tether's demo environment in the real formats each tool produces.

Run once by a developer (outputs are committed); `tether demo` reads the outputs, never this script.
Everything is deterministic: fixed timestamps, gzip without mtime, sorted keys where tools sort.

The story: Contoso's payments-api (GitHub Actions, reported by `tether ci report`) runs 50 internet-facing
replicas handling personal data in the production cluster and one replica in the test cluster; an
internal-reports tool (built with GitHub artifact attestations, no Tether step) runs once in test.
"""
import gzip, hashlib, io, json, os, shutil, tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
T_BUILD = "2026-01-14T09:12:44Z"
T_BASE = "2025-12-08T00:00:00Z"
EPOCH_BUILD = 1768381964
REGISTRY = "acrcontoso.azurecr.io"


def sha256(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def tar_layer(files):
    """files: list of (path, content-bytes). Returns (gzip blob, diff id)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        dirs = set()
        for path, _ in files:
            parts = path.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                dirs.add("/".join(parts[:i]))
        for d in sorted(dirs):
            info = tarfile.TarInfo(d + "/")
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, EPOCH_BUILD
            tar.addfile(info)
        for path, content in files:
            info = tarfile.TarInfo(path)
            info.size, info.mode, info.mtime = len(content), 0o644, EPOCH_BUILD
            tar.addfile(info, io.BytesIO(content))
    uncompressed = raw.getvalue()
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        gz.write(uncompressed)
    return out.getvalue(), sha256(uncompressed)


def dpkg_status(packages):
    entries = []
    for name, version, source, arch in packages:
        lines = [f"Package: {name}", "Status: install ok installed", "Priority: optional",
                 "Section: libs", "Installed-Size: 100", "Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>",
                 f"Architecture: {arch}", "Multi-Arch: same" if arch != "all" else "Multi-Arch: foreign"]
        if source:
            lines.append(f"Source: {source}")
        lines += [f"Version: {version}", f"Description: {name} (demo record)"]
        entries.append("\n".join(lines))
    return ("\n\n".join(entries) + "\n").encode()


def npm_package(name, version):
    return json.dumps({"name": name, "version": version, "license": "MIT"}, indent=2).encode() + b"\n"


class Layout:
    """An OCI image layout (image-spec v1.1) written to a folder."""

    def __init__(self, root):
        self.root = root
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(os.path.join(root, "blobs", "sha256"))
        self.index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": []}

    def blob(self, data):
        digest = sha256(data)
        with open(os.path.join(self.root, "blobs", "sha256", digest[7:]), "wb") as f:
            f.write(data)
        return digest

    def image(self, layers, config, tags, annotations=None):
        layer_descs = []
        diff_ids = []
        for files in layers:
            blob, diff_id = tar_layer(files)
            layer_descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": self.blob(blob), "size": len(blob)})
            diff_ids.append(diff_id)
        config["rootfs"] = {"type": "layers", "diff_ids": diff_ids}
        config_bytes = json.dumps(config, separators=(",", ":")).encode()
        manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": self.blob(config_bytes), "size": len(config_bytes)},
                    "layers": layer_descs}
        if annotations:
            manifest["annotations"] = annotations
        manifest_bytes = json.dumps(manifest, separators=(",", ":")).encode()
        digest = self.blob(manifest_bytes)
        for tag in tags:
            self.index["manifests"].append({"mediaType": manifest["mediaType"], "digest": digest, "size": len(manifest_bytes),
                                            "annotations": {"org.opencontainers.image.ref.name": tag},
                                            "platform": {"architecture": "amd64", "os": "linux"}})
        return digest, diff_ids

    def close(self):
        with open(os.path.join(self.root, "oci-layout"), "w") as f:
            f.write('{"imageLayoutVersion":"1.0.0"}')
        with open(os.path.join(self.root, "index.json"), "w") as f:
            json.dump(self.index, f, indent=2)


def base_history():
    return [
        {"created": T_BASE, "created_by": "# debian.sh --arch 'amd64' out/ 'bookworm' '@1733097600'", "comment": "debuerreotype 0.15"},
    ]


def config(labels, history, cmd):
    return {"architecture": "amd64", "os": "linux", "created": T_BUILD,
            "config": {"User": "10001", "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                       "Cmd": cmd, "WorkingDir": "/app", "Labels": labels},
            "history": history}


DEBIAN_BASE = [
    ("libc6", "2.36-9+deb12u9", "glibc", "amd64"),
    ("libssl3", "3.0.11-1~deb12u2", "openssl", "amd64"),
    ("openssl", "3.0.11-1~deb12u2", "", "amd64"),
    ("zlib1g", "1:1.2.13.dfsg-1", "zlib", "amd64"),
    ("libexpat1", "2.5.0-1", "expat", "amd64"),
    ("ca-certificates", "20230311", "", "all"),
]


def write_registry():
    shutil.rmtree(os.path.join(HERE, "registry"), ignore_errors=True)
    layout = Layout(os.path.join(HERE, "registry", "payments-api"))
    base_layer = [("etc/os-release", b'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'),
                  ("etc/debian_version", b"12.8\n"),
                  ("var/lib/dpkg/status", dpkg_status(DEBIAN_BASE))]

    payments_sha = "5e7c2a9f1d3b4c6e8a0f2d4b6c8e0a2f4d6b8c0e"
    payments = {
        "layers": [
            base_layer,
            [("var/lib/dpkg/status", dpkg_status(DEBIAN_BASE + [("nodejs", "18.19.0+dfsg-6~deb12u2", "", "amd64")]))],
            [("app/package.json", json.dumps({"name": "payments-api", "version": "1.8.0", "private": True}, indent=2).encode())],
            [("app/node_modules/express/package.json", npm_package("express", "4.19.2")),
             ("app/node_modules/path-to-regexp/package.json", npm_package("path-to-regexp", "0.1.7")),
             ("app/node_modules/cookie/package.json", npm_package("cookie", "0.6.0"))],
            [("app/src/server.js", b"require('./app').listen(8080);\n")],
        ],
        "history": base_history() + [
            {"created": T_BASE, "created_by": "CMD [\"bash\"]", "empty_layer": True, "comment": "debuerreotype 0.15"},
            {"created": T_BUILD, "created_by": "RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends nodejs ca-certificates && rm -rf /var/lib/apt/lists/* # buildkit", "comment": "buildkit.dockerfile.v0"},
            {"created": T_BUILD, "created_by": "WORKDIR /app", "comment": "buildkit.dockerfile.v0", "empty_layer": True},
            {"created": T_BUILD, "created_by": "COPY package.json package-lock.json ./ # buildkit", "comment": "buildkit.dockerfile.v0"},
            {"created": T_BUILD, "created_by": "RUN /bin/sh -c npm ci --omit=dev # buildkit", "comment": "buildkit.dockerfile.v0"},
            {"created": T_BUILD, "created_by": "COPY src ./src # buildkit", "comment": "buildkit.dockerfile.v0"},
            {"created": T_BUILD, "created_by": "USER 10001", "comment": "buildkit.dockerfile.v0", "empty_layer": True},
            {"created": T_BUILD, "created_by": "EXPOSE map[8080/tcp:{}]", "comment": "buildkit.dockerfile.v0", "empty_layer": True},
            {"created": T_BUILD, "created_by": "CMD [\"node\" \"src/server.js\"]", "comment": "buildkit.dockerfile.v0", "empty_layer": True},
        ],
        "labels": {"org.opencontainers.image.source": "https://github.com/contoso/payments-api",
                   "org.opencontainers.image.revision": payments_sha,
                   "org.opencontainers.image.title": "payments-api", "org.opencontainers.image.version": "1.8.0"},
    }
    payments_digest, payments_diff = layout.image(payments["layers"], config(payments["labels"], payments["history"], ["node", "src/server.js"]), ["1.8.0", "latest"],
                                                  {"org.opencontainers.image.base.name": "docker.io/library/debian:12-slim"})

    reports_sha = "9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7a8b9c0"
    reports = {
        "layers": [
            base_layer,
            [("usr/local/bin/reports", b"\x7fELF demo placeholder\n")],
        ],
        "history": base_history() + [
            {"created": T_BASE, "created_by": "CMD [\"bash\"]", "empty_layer": True},
            {"created": T_BUILD, "created_by": "COPY reports /usr/local/bin/reports # buildkit", "comment": "buildkit.dockerfile.v0"},
            {"created": T_BUILD, "created_by": "ENTRYPOINT [\"/usr/local/bin/reports\"]", "comment": "buildkit.dockerfile.v0", "empty_layer": True},
        ],
        "labels": {"org.opencontainers.image.source": "https://github.com/contoso/internal-reports",
                   "org.opencontainers.image.revision": reports_sha},
    }
    layout.close()
    layout = Layout(os.path.join(HERE, "registry", "internal-reports"))
    reports_digest, reports_diff = layout.image(reports["layers"], config(reports["labels"], reports["history"], None), ["2.3.1"])
    layout.close()
    return {"payments": (payments_digest, payments_diff, payments_sha), "reports": (reports_digest, reports_diff, reports_sha)}


DOCKERFILE = """FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends nodejs ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src ./src
USER 10001
EXPOSE 8080
CMD ["node", "src/server.js"]
"""


def write_ci(images):
    digest, _, sha = images["payments"]
    folder = os.path.join(HERE, "ci")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "Dockerfile"), "w") as f:
        f.write(DOCKERFILE)
    env = {
        "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_ACTION": "__run_2", "GITHUB_ACTOR": "mheller", "GITHUB_ACTOR_ID": "48213557",
        "GITHUB_API_URL": "https://api.github.com", "GITHUB_BASE_REF": "", "GITHUB_EVENT_NAME": "push",
        "GITHUB_EVENT_PATH": "/home/runner/work/_temp/_github_workflow/event.json", "GITHUB_HEAD_REF": "", "GITHUB_JOB": "build",
        "GITHUB_REF": "refs/heads/main", "GITHUB_REF_NAME": "main", "GITHUB_REF_PROTECTED": "true", "GITHUB_REF_TYPE": "branch",
        "GITHUB_REPOSITORY": "contoso/payments-api", "GITHUB_REPOSITORY_ID": "734519021", "GITHUB_REPOSITORY_OWNER": "contoso",
        "GITHUB_REPOSITORY_OWNER_ID": "2812345", "GITHUB_RETENTION_DAYS": "90", "GITHUB_RUN_ATTEMPT": "1", "GITHUB_RUN_ID": "12790345521",
        "GITHUB_RUN_NUMBER": "42", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_SHA": sha, "GITHUB_TRIGGERING_ACTOR": "mheller",
        "GITHUB_WORKFLOW": "build-deploy", "GITHUB_WORKFLOW_REF": "contoso/payments-api/.github/workflows/build-deploy.yml@refs/heads/main",
        "GITHUB_WORKFLOW_SHA": sha, "GITHUB_WORKSPACE": "/home/runner/work/payments-api/payments-api",
        "RUNNER_ARCH": "X64", "RUNNER_ENVIRONMENT": "github-hosted", "RUNNER_NAME": "GitHub Actions 7", "RUNNER_OS": "Linux",
    }
    with open(os.path.join(folder, "github-actions.env"), "w") as f:
        f.writelines(f"{k}={v}\n" for k, v in sorted(env.items()))
    event = {"after": sha, "before": "1f0e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6", "created": False, "deleted": False, "forced": False,
             "head_commit": {"id": sha, "message": "Bump express to 4.19.2", "timestamp": "2026-01-14T10:02:11+01:00",
                             "author": {"name": "Maria Heller", "email": "mheller@contoso.example", "username": "mheller"},
                             "url": f"https://github.com/contoso/payments-api/commit/{sha}"},
             "ref": "refs/heads/main", "repository": {"full_name": "contoso/payments-api", "html_url": "https://github.com/contoso/payments-api", "id": 734519021}}
    with open(os.path.join(folder, "event.json"), "w") as f:
        json.dump(event, f, indent=2)
    metadata = {"buildx.build.ref": "builder-2b1f/builder-2b1f0/kq4vd1k8m3lq0f7w2n6x5c9zr",
                "containerimage.config.digest": "sha256:" + hashlib.sha256(b"demo-config").hexdigest(),
                "containerimage.descriptor": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest, "size": 1190,
                                              "platform": {"architecture": "amd64", "os": "linux"}},
                "containerimage.digest": digest,
                "image.name": f"{REGISTRY}/payments-api:1.8.0,{REGISTRY}/payments-api:latest"}
    with open(os.path.join(folder, "build-metadata.json"), "w") as f:
        json.dump(metadata, f, indent=2)


def write_provenance(images):
    digest, _, sha = images["reports"]
    statement = {
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": f"{REGISTRY}/internal-reports", "digest": {"sha256": digest[7:]}}],
        "predicateType": "https://slsa.dev/provenance/v1",
        "predicate": {
            "buildDefinition": {
                "buildType": "https://actions.github.io/buildtypes/workflow/v1",
                "externalParameters": {"workflow": {"ref": "refs/heads/main", "repository": "https://github.com/contoso/internal-reports", "path": ".github/workflows/release.yml"}},
                "internalParameters": {"github": {"event_name": "push", "repository_id": "801223344", "repository_owner_id": "2812345", "runner_environment": "github-hosted"}},
                "resolvedDependencies": [{"uri": "git+https://github.com/contoso/internal-reports@refs/heads/main", "digest": {"gitCommit": sha}}],
            },
            "runDetails": {
                "builder": {"id": "https://github.com/contoso/internal-reports/.github/workflows/release.yml@refs/heads/main"},
                "metadata": {"invocationId": "https://github.com/contoso/internal-reports/actions/runs/12788110042/attempts/1"},
            },
        },
    }
    folder = os.path.join(HERE, "provenance")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "internal-reports.intoto.json"), "w") as f:
        json.dump(statement, f, indent=2)


def pod(cluster_ns, name, app, rs, image, digest, sa, uid, ready=True, labels=None):
    repo = image.split(":")[0]
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": cluster_ns, "uid": uid, "creationTimestamp": "2026-01-14T10:31:07Z",
                     "labels": {"app.kubernetes.io/name": app, "pod-template-hash": rs.rsplit("-", 1)[1], **(labels or {})},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs, "uid": uid[:-4] + "0rs0", "controller": True, "blockOwnerDeletion": True}]},
        "spec": {"serviceAccountName": sa, "nodeName": "aks-nodepool1-27512234-vmss00000" + str(int(uid[-1], 16) % 4),
                 "securityContext": {"runAsNonRoot": True, "runAsUser": 10001},
                 "containers": [{"name": app, "image": image, "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                                 "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True}}]},
        "status": {"phase": "Running", "podIP": "10.244.1." + str(int(uid[-2:], 16) % 250),
                   "containerStatuses": [{"name": app, "ready": ready, "restartCount": 0, "started": True, "image": image,
                                          "imageID": f"{repo}@{digest}",
                                          "containerID": "containerd://" + hashlib.sha256(uid.encode()).hexdigest()}]},
    }


def deployment(ns, app, replicas, image, uid):
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": app, "namespace": ns, "uid": uid, "labels": {"app.kubernetes.io/name": app}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app.kubernetes.io/name": app}},
                     "template": {"metadata": {"labels": {"app.kubernetes.io/name": app}}, "spec": {"containers": [{"name": app, "image": image}]}}},
            "status": {"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas}}


def replicaset(ns, rs, app, replicas, deploy_uid, uid):
    return {"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": rs, "namespace": ns, "uid": uid, "labels": {"app.kubernetes.io/name": app},
                         "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": app, "uid": deploy_uid, "controller": True}]},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app.kubernetes.io/name": app}}},
            "status": {"replicas": replicas}}


def uid(seed):
    h = hashlib.sha256(seed.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def write_kubernetes(images):
    payments_digest = images["payments"][0]
    reports_digest = images["reports"][0]
    folder = os.path.join(HERE, "kubernetes")
    os.makedirs(folder, exist_ok=True)
    payments_image = f"{REGISTRY}/payments-api:1.8.0"

    def cluster_doc(items):
        return {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}

    # Production: 50 replicas behind a public LoadBalancer and an Ingress, namespace marked production + PII.
    ns = "payments"
    d_uid, rs_uid = uid("prod-deploy"), uid("prod-rs")
    rs = "payments-api-6f9c7d8b5d"
    items = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "uid": uid("prod-ns"),
                                                                "labels": {"kubernetes.io/metadata.name": ns, "environment": "production", "data-classification": "pii", "team": "payments"}}},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "payments-api", "namespace": ns, "uid": uid("prod-sa"),
                                                                     "annotations": {"azure.workload.identity/client-id": "3f2b7c1e-8d4a-4b6f-9e2d-1c0a5b7d9e3f"},
                                                                     "labels": {"azure.workload.identity/use": "true"}}},
        deployment(ns, "payments-api", 50, payments_image, d_uid),
        replicaset(ns, rs, "payments-api", 50, d_uid, rs_uid),
    ]
    for i in range(50):
        suffix = hashlib.sha256(f"prod-pod-{i}".encode()).hexdigest()[:5]
        # The Azure Workload Identity webhook injects the identity's token into pods with this label.
        items.append(pod(ns, f"{rs}-{suffix}", "payments-api", rs, payments_image, payments_digest, "payments-api", uid(f"prod-pod-{i}"),
                         labels={"azure.workload.identity/use": "true"}))
    items += [
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "payments-api", "namespace": ns, "uid": uid("prod-svc"),
                                                              "annotations": {"service.beta.kubernetes.io/azure-dns-label-name": "contoso-payments"}},
         "spec": {"type": "LoadBalancer", "selector": {"app.kubernetes.io/name": "payments-api"}, "clusterIP": "10.0.142.17",
                  "ports": [{"name": "https", "port": 443, "targetPort": 8080, "protocol": "TCP", "nodePort": 31443}]},
         "status": {"loadBalancer": {"ingress": [{"ip": "20.86.141.23", "ipMode": "VIP"}]}}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "payments-api", "namespace": ns, "uid": uid("prod-ing")},
         "spec": {"ingressClassName": "webapprouting.kubernetes.azure.com", "tls": [{"hosts": ["pay.contoso.example"], "secretName": "pay-tls"}],
                  "rules": [{"host": "pay.contoso.example", "http": {"paths": [{"path": "/", "pathType": "Prefix",
                                                                                 "backend": {"service": {"name": "payments-api", "port": {"number": 443}}}}]}}]},
         "status": {"loadBalancer": {"ingress": [{"ip": "20.86.141.40"}]}}},
    ]
    with open(os.path.join(folder, "aks-prod-weu.json"), "w") as f:
        json.dump(cluster_doc(items), f, indent=2)

    # Test: one payments-api replica (ClusterIP only) and the internal-reports tool.
    tns = "payments-test"
    t_items = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": tns, "uid": uid("test-ns"), "labels": {"kubernetes.io/metadata.name": tns, "environment": "test"}}},
        deployment(tns, "payments-api", 1, payments_image, uid("test-deploy")),
        replicaset(tns, "payments-api-58d4b9c7f6", "payments-api", 1, uid("test-deploy"), uid("test-rs")),
        pod(tns, "payments-api-58d4b9c7f6-x2m9k", "payments-api", "payments-api-58d4b9c7f6", payments_image, payments_digest, "default", uid("test-pod-0")),
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "payments-api", "namespace": tns, "uid": uid("test-svc")},
         "spec": {"type": "ClusterIP", "selector": {"app.kubernetes.io/name": "payments-api"}, "clusterIP": "10.0.77.9",
                  "ports": [{"port": 443, "targetPort": 8080, "protocol": "TCP"}]}},
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "tools", "uid": uid("tools-ns"), "labels": {"kubernetes.io/metadata.name": "tools", "environment": "dev"}}},
        deployment("tools", "internal-reports", 1, f"{REGISTRY}/internal-reports:2.3.1", uid("tools-deploy")),
        replicaset("tools", "internal-reports-7b5c6d9f8", "internal-reports", 1, uid("tools-deploy"), uid("tools-rs")),
        pod("tools", "internal-reports-7b5c6d9f8-qv7tz", "internal-reports", "internal-reports-7b5c6d9f8", f"{REGISTRY}/internal-reports:2.3.1", reports_digest, "default", uid("tools-pod-0")),
    ]
    with open(os.path.join(folder, "aks-test-weu.json"), "w") as f:
        json.dump(cluster_doc(t_items), f, indent=2)


def write_cloud():
    """The Azure side as `tether ingest cloud` reads it (docs/attack-paths.md): the payments-api managed identity can
    write the storage account holding customer data and read the production key vault's secrets; the reporting identity
    (used by no workload) reads an internal account."""
    sub = "/subscriptions/6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg-payments-prod/providers"
    pii = f"{sub}/Microsoft.Storage/storageAccounts/stcontosopaymentspii"
    vault = f"{sub}/Microsoft.KeyVault/vaults/kv-payments-prod"
    reports = "/subscriptions/6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg-reporting/providers/Microsoft.Storage/storageAccounts/stcontosoreports"
    account = "6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    inventory = {
        "version": 1,
        "identities": [
            {"provider": "azure", "id": "3f2b7c1e-8d4a-4b6f-9e2d-1c0a5b7d9e3f", "name": "id-payments-api", "account": account,
             "permissions": [{"resource": pii, "actions": ["Storage Blob Data Contributor"]},
                             {"resource": vault, "actions": ["Key Vault Reader"]}]},
            {"provider": "azure", "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "name": "id-reporting", "account": account,
             "permissions": [{"resource": reports, "actions": ["Storage Blob Data Reader"]}]},
        ],
        "resources": [
            {"provider": "azure", "id": pii, "name": "stcontosopaymentspii", "type": "storage account", "sensitivity": "pii",
             "account": account, "region": "westeurope"},
            {"provider": "azure", "id": vault, "name": "kv-payments-prod", "type": "key vault", "sensitivity": "confidential",
             "account": account, "region": "westeurope"},
            {"provider": "azure", "id": reports, "name": "stcontosoreports", "type": "storage account", "sensitivity": "internal",
             "account": account, "region": "westeurope"},
        ],
    }
    folder = os.path.join(HERE, "cloud")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "contoso-azure.json"), "w") as f:
        json.dump(inventory, f, indent=2)


def trivy_vuln(vid, pkg, installed, fixed, severity, diff_id, title, purl, score, vector, pkg_id=None, source="debian"):
    v = {"VulnerabilityID": vid, "PkgID": pkg_id or f"{pkg}@{installed}", "PkgName": pkg,
         "PkgIdentifier": {"PURL": purl, "UID": hashlib.sha256((vid + pkg).encode()).hexdigest()[:16]},
         "InstalledVersion": installed, "Status": "fixed" if fixed else "affected",
         "Layer": {"DiffID": diff_id}, "SeveritySource": source, "PrimaryURL": f"https://avd.aquasec.com/nvd/{vid.lower()}",
         "DataSource": {"ID": source, "Name": "Debian Security Tracker" if source == "debian" else "GitHub Security Advisory npm",
                        "URL": "https://salsa.debian.org/security-tracker-team/security-tracker" if source == "debian" else "https://github.com/advisories?query=type%3Areviewed+ecosystem%3Anpm"},
         "Title": title, "Severity": severity,
         "CVSS": {"nvd": {"V3Vector": vector, "V3Score": score}}}
    if fixed:
        v["FixedVersion"] = fixed
    return v


def write_reports(images):
    folder = os.path.join(HERE, "reports")
    os.makedirs(folder, exist_ok=True)
    deb = "pkg:deb/debian/{}@{}?arch=amd64&distro=debian-12.8"

    def report(name, tag, digest, diff_ids, results):
        return {"SchemaVersion": 2, "CreatedAt": "2026-01-14T09:20:03.513726811Z", "ArtifactName": f"{REGISTRY}/{name}:{tag}", "ArtifactType": "container_image",
                "Metadata": {"OS": {"Family": "debian", "Name": "12.8"}, "ImageID": "sha256:" + hashlib.sha256(name.encode()).hexdigest(),
                             "DiffIDs": diff_ids, "RepoTags": [f"{REGISTRY}/{name}:{tag}"], "RepoDigests": [f"{REGISTRY}/{name}@{digest}"],
                             "ImageConfig": {"architecture": "amd64", "os": "linux"}},
                "Results": results, "Trivy": {"Version": "0.58.1"}}

    p_digest, p_diff, _ = images["payments"]
    os_vulns = [
        trivy_vuln("CVE-2024-6119", "libssl3", "3.0.11-1~deb12u2", "3.0.14-1~deb12u2", "MEDIUM", p_diff[0],
                   "openssl: Possible denial of service in X.509 name checks", deb.format("libssl3", "3.0.11-1~deb12u2"), 7.5,
                   "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "libssl3@3.0.11-1~deb12u2"),
        trivy_vuln("CVE-2024-6119", "openssl", "3.0.11-1~deb12u2", "3.0.14-1~deb12u2", "MEDIUM", p_diff[0],
                   "openssl: Possible denial of service in X.509 name checks", deb.format("openssl", "3.0.11-1~deb12u2"), 7.5,
                   "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"),
        trivy_vuln("CVE-2024-45490", "libexpat1", "2.5.0-1", "2.5.0-1+deb12u1", "HIGH", p_diff[0],
                   "libexpat: Negative Length Parsing Vulnerability in libexpat", deb.format("libexpat1", "2.5.0-1"), 9.8,
                   "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
    ]
    npm_vulns = [
        trivy_vuln("CVE-2024-45296", "path-to-regexp", "0.1.7", "1.9.0, 0.1.10, 8.0.0, 3.3.0, 6.3.0", "HIGH", p_diff[3],
                   "path-to-regexp: Backtracking regular expressions cause ReDoS", "pkg:npm/path-to-regexp@0.1.7", 7.5,
                   "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", "path-to-regexp@0.1.7", "ghsa"),
    ]
    npm_vulns[0]["VendorIDs"] = ["GHSA-9wv6-86v2-598j"]
    os_vulns[0]["VendorIDs"] = os_vulns[1]["VendorIDs"] = ["DSA-5764-1"]
    payments = report("payments-api", "1.8.0", p_digest, p_diff, [
        {"Target": f"{REGISTRY}/payments-api:1.8.0 (debian 12.8)", "Class": "os-pkgs", "Type": "debian", "Vulnerabilities": os_vulns},
        {"Target": "Node.js", "Class": "lang-pkgs", "Type": "node-pkg", "Vulnerabilities": npm_vulns},
    ])
    with open(os.path.join(folder, "payments-api-1.8.0.trivy.json"), "w") as f:
        json.dump(payments, f, indent=2)

    r_digest, r_diff, _ = images["reports"]
    reports = report("internal-reports", "2.3.1", r_digest, r_diff, [
        {"Target": f"{REGISTRY}/internal-reports:2.3.1 (debian 12.8)", "Class": "os-pkgs", "Type": "debian", "Vulnerabilities": [
            trivy_vuln("CVE-2024-45490", "libexpat1", "2.5.0-1", "2.5.0-1+deb12u1", "HIGH", r_diff[0],
                       "libexpat: Negative Length Parsing Vulnerability in libexpat", deb.format("libexpat1", "2.5.0-1"), 9.8,
                       "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]},
    ])
    with open(os.path.join(folder, "internal-reports-2.3.1.trivy.json"), "w") as f:
        json.dump(reports, f, indent=2)


if __name__ == "__main__":
    images = write_registry()
    write_ci(images)
    write_provenance(images)
    write_kubernetes(images)
    write_reports(images)
    write_cloud()
    for key, (digest, diff_ids, sha) in images.items():
        print(f"{key}: {digest} ({len(diff_ids)} layers, commit {sha})")
