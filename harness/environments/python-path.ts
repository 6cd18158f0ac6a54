// The offline stand-in for `pip install -e .` (environment `python_path`, on by default): run
// once while an environment image is built, it makes the repository importable from anywhere
// with neither a package index nor a build backend — a .pth entry for the package root (src/
// layout, a configured package dir, or the repo root), package metadata (name, version, entry
// points, so importlib.metadata and plugin discovery work), console scripts, and the version
// file a VCS-version plugin would have generated. Never overwrites a file the repo has. When the
// repo's pytest addopts use options of a plugin the environment lacks (pytest-cov, xdist,
// pytest-timeout), a stand-in plugin accepts and ignores them: whether a test passes does not
// depend on them, and pytest would otherwise refuse to start.
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
# pytest addopts as the repo configures them (pytest.ini, pyproject, tox.ini, setup.cfg).
import importlib.util, shlex
addopts = []
for rel, section in (('pytest.ini', 'pytest'), ('tox.ini', 'pytest'), ('setup.cfg', 'tool:pytest')):
    ini = configparser.ConfigParser(interpolation=None)
    try:
        ini.read_string(read(rel) or '')
        addopts += shlex.split(ini.get(section, 'addopts'))
    except (configparser.Error, ValueError):
        pass
opts = ((tool.get('pytest') or {}).get('ini_options') or {}).get('addopts')
if isinstance(opts, str):
    try:
        addopts += shlex.split(opts)
    except ValueError:
        pass
elif isinstance(opts, list):
    addopts += [str(o) for o in opts]
used = {a.split('=', 1)[0] for a in addopts}
V, F, A, O = 'value', 'flag', 'append', 'optional'
ABSENT = {
    'pytest_cov': [('--cov', O), ('--cov-report', A), ('--cov-config', V), ('--no-cov', F), ('--no-cov-on-fail', F),
                   ('--cov-fail-under', V), ('--cov-append', F), ('--cov-branch', F), ('--cov-context', V)],
    'xdist': [('-n', V, '--numprocesses'), ('--maxprocesses', V), ('--dist', V), ('--max-worker-restart', V)],
    'pytest_timeout': [('--timeout', V), ('--timeout-method', V, '--timeout_method')],
}
KW = {F: 'action="store_true"', V: 'action="store"', A: 'action="append", default=[]',
      O: 'action="append", nargs="?", const=True, default=[]'}
stubs = []
for module, options in ABSENT.items():
    names = {n for o in options for n in (o[0],) + tuple(o[2:])}
    if names & used and importlib.util.find_spec(module) is None:
        stubs += options
if stubs:
    lines = ['# Accepts, and ignores, options of pytest plugins this environment lacks (written by atomic-skills).',
             'def pytest_addoption(parser):',
             '    group = parser.getgroup("atomic-skills", "options of absent plugins (ignored)")']
    for o in stubs:
        names = ', '.join(repr(n) for n in (o[0],) + tuple(o[2:]))
        # _addoption: the one that takes a lowercase short option (-n), as xdist itself uses
        lines.append(f'    group._addoption({names}, {KW[o[1]]}, help="ignored: the plugin is not installed")')
    with open(os.path.join(site_dir, '__atomic_skills_absent_plugins.py'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    stub_dist = os.path.join(site_dir, 'atomic_skills_absent_plugins-1.0.dist-info')
    os.makedirs(stub_dist, exist_ok=True)
    with open(os.path.join(stub_dist, 'METADATA'), 'w') as f:
        f.write('Metadata-Version: 2.1\nName: atomic-skills-absent-plugins\nVersion: 1.0\n')
    with open(os.path.join(stub_dist, 'entry_points.txt'), 'w') as f:
        f.write('[pytest11]\natomic_skills_absent_plugins = __atomic_skills_absent_plugins\n')
    print('options of absent pytest plugins accepted and ignored: ' + ', '.join(o[0] for o in stubs))
print(f'python path: {", ".join(roots)} ({name} {version})')
`;
