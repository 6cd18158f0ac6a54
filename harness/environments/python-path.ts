// The offline stand-in for `pip install -e .` (environment `python_path`, on by default): run
// once while an environment image is built, it makes the repository importable from anywhere
// with neither a package index nor a build backend — a .pth entry for the package root (src/
// layout, a configured package dir, or the repo root), package metadata (name, version, entry
// points, so importlib.metadata and plugin discovery work), console scripts, and the version
// file a VCS-version plugin would have generated. Never overwrites a file the repo has.
export const PYTHON_PATH_SCRIPT = String.raw`
import configparser, os, re, site, sys
root = sys.argv[1]
try:
    import tomllib
except ImportError:
    tomllib = None

def read(rel):
    try:
        with open(os.path.join(root, rel), encoding='utf-8') as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None

pyproject = {}
text = read('pyproject.toml')
if text and tomllib:
    try:
        pyproject = tomllib.loads(text)
    except Exception:
        pyproject = {}
project = pyproject.get('project') or {}
tool = pyproject.get('tool') or {}
cfg = configparser.ConfigParser(interpolation=None)
try:
    cfg.read_string(read('setup.cfg') or '')
except configparser.Error:
    pass
setup_py = read('setup.py') or ''

def cfg_get(section, key):
    try:
        return cfg.get(section, key).strip()
    except (configparser.Error, KeyError):
        return None

name = project.get('name') or (tool.get('poetry') or {}).get('name') or cfg_get('metadata', 'name')
if not name:
    m = re.search(r'''\bname\s*=\s*['"]([A-Za-z0-9._-]+)['"]''', setup_py)
    name = m.group(1) if m else None

# Package roots: a configured package dir, else src/ when it holds code, else the repo root.
roots = []
pkg_dir = ((tool.get('setuptools') or {}).get('package-dir') or {}).get('')
if not pkg_dir:
    opt = cfg_get('options', 'package_dir')
    if opt:
        m = re.search(r'(?:^|\n)\s*=\s*(\S+)', opt)
        pkg_dir = m.group(1) if m else None
if not pkg_dir:
    m = re.search(r'''package_dir\s*=\s*\{\s*['"]{2}\s*:\s*['"]([^'"]+)['"]''', setup_py)
    pkg_dir = m.group(1) if m else None
def holds_code(d):
    try:
        entries = os.listdir(d)
    except OSError:
        return False
    return any(e.endswith('.py') or os.path.isfile(os.path.join(d, e, '__init__.py')) for e in entries)
if pkg_dir and os.path.isdir(os.path.join(root, pkg_dir)):
    roots.append(os.path.normpath(os.path.join(root, pkg_dir)))
elif holds_code(os.path.join(root, 'src')):
    roots.append(os.path.join(root, 'src'))
else:
    roots.append(root)
code_root = roots[0]
if not name:
    pkgs = sorted(e for e in os.listdir(code_root) if os.path.isfile(os.path.join(code_root, e, '__init__.py')) and e not in ('tests', 'test', 'docs'))
    name = pkgs[0] if pkgs else os.path.basename(root.rstrip('/'))

def vcs_version_files():
    out = []
    scm = tool.get('setuptools_scm') or {}
    out += [scm.get('write_to'), scm.get('version_file')]
    hatch = tool.get('hatch') or {}
    hooks = ((hatch.get('build') or {}).get('hooks') or {}).get('vcs') or {}
    out.append(hooks.get('version-file'))
    for target in (((hatch.get('build') or {}).get('targets')) or {}).values():
        out.append((((target or {}).get('hooks') or {}).get('vcs') or {}).get('version-file'))
    pdm = (tool.get('pdm') or {}).get('version') or {}
    if isinstance(pdm, dict) and pdm.get('write_to'):
        out.append(os.path.join(os.path.relpath(code_root, root), pdm['write_to']))
    for m in re.finditer(r'''['"](?:write_to|version_file)['"]\s*:\s*['"]([^'"]+)['"]''', setup_py):
        out.append(m.group(1))
    return [p for p in out if isinstance(p, str) and p]

version = project.get('version') if isinstance(project.get('version'), str) else None
version = version or (tool.get('poetry') or {}).get('version') or cfg_get('metadata', 'version')
if version and not re.match(r'^[0-9][0-9A-Za-z.+-]*$', version):
    version = None
version = version or '0.0.0'

for rel in vcs_version_files():
    p = os.path.join(root, rel)
    if not os.path.exists(p) and os.path.isdir(os.path.dirname(p)):
        with open(p, 'w') as f:
            f.write("# written by atomic-skills in place of a VCS version plugin\n"
                    "__version__ = version = '0.0.0'\n__version_tuple__ = version_tuple = (0, 0, 0)\n")

site_dir = site.getsitepackages()[0]
os.makedirs(site_dir, exist_ok=True)
with open(os.path.join(site_dir, '__atomic_skills_testbed.pth'), 'w') as f:
    f.write('\n'.join(roots) + '\n')

# Entry points: [project.scripts], [project.entry-points.*], poetry scripts, setup.cfg.
groups = {}
if project.get('scripts'):
    groups['console_scripts'] = dict(project['scripts'])
for group, eps in (project.get('entry-points') or {}).items():
    groups.setdefault(group, {}).update(eps)
poetry_scripts = (tool.get('poetry') or {}).get('scripts') or {}
for k, v in poetry_scripts.items():
    if isinstance(v, str):
        groups.setdefault('console_scripts', {})[k] = v
if cfg.has_section('options.entry_points'):
    for group in cfg.options('options.entry_points'):
        for line in cfg.get('options.entry_points', group).splitlines():
            if '=' in line:
                k, v = line.split('=', 1)
                groups.setdefault(group, {})[k.strip()] = v.strip()

norm = re.sub(r'[-_.]+', '_', name)
dist = os.path.join(site_dir, f'{norm}-{version}.dist-info')
os.makedirs(dist, exist_ok=True)
with open(os.path.join(dist, 'METADATA'), 'w') as f:
    f.write(f'Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n')
with open(os.path.join(dist, 'INSTALLER'), 'w') as f:
    f.write('atomic-skills\n')
if groups:
    with open(os.path.join(dist, 'entry_points.txt'), 'w') as f:
        for group, eps in groups.items():
            f.write(f'[{group}]\n' + ''.join(f'{k} = {v}\n' for k, v in eps.items()) + '\n')
for script, target in (groups.get('console_scripts') or {}).items():
    mod, _, fn = target.partition(':')
    dest = os.path.join('/usr/local/bin', script)
    if fn and re.match(r'^[A-Za-z0-9_.-]+$', script) and not os.path.exists(dest):
        with open(dest, 'w') as f:
            f.write(f'#!{sys.executable}\nimport sys\nfrom {mod.strip()} import {fn.strip().split(".")[0]} as _main\n'
                    f'sys.exit(_main{"".join("." + p for p in fn.strip().split(".")[1:])}())\n')
        os.chmod(dest, 0o755)
print(f'python path: {", ".join(roots)} ({name} {version})')
`;
