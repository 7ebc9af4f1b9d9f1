"""What an installed copy carries: every package, the site files, one version number."""

from __future__ import annotations

import tomllib
from importlib.metadata import version

from setuptools import find_namespace_packages

from foundation import __version__
from stayready.site import shipped
from tests.conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_every_package_on_disk_is_listed_in_pyproject() -> None:
    # The list is explicit (stayready.shipped maps to the top level, which no search
    # finds), so a new subpackage must be added to it or the wheel would lack it.
    on_disk = {
        name
        for name in find_namespace_packages(
            where=str(REPO), include=["foundation*", "aggregator*", "journal*", "stayready*"]
        )
        if (REPO / name.replace(".", "/") / "__init__.py").is_file()
    }
    assert on_disk <= set(SETUPTOOLS["packages"])
    assert SETUPTOOLS["package-dir"] == {"stayready.shipped": "."}


def test_the_version_has_one_source() -> None:
    assert "version" not in PYPROJECT["project"]
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert SETUPTOOLS["dynamic"]["version"] == {"attr": "foundation.__version__"}
    assert version("stayready") == __version__, "reinstall: pip install -e ."


def test_the_shipped_files_are_the_repositorys_own_in_a_checkout() -> None:
    assert shipped.root() == REPO
    assert shipped.is_source(REPO)
    globs = SETUPTOOLS["package-data"]["stayready.shipped"]
    for pattern in globs:
        assert list(REPO.glob(pattern)), f"{pattern} matches nothing"
    # Every template, the stylesheet and the workflow the scaffold derives from ship.
    for path in (REPO / "site_templates").iterdir():
        assert any(path.relative_to(REPO).match(g) for g in globs), path
    for path in (shipped.base_config(), shipped.home_page(), shipped.nightly_workflow()):
        assert any(path.relative_to(REPO).match(g) for g in globs), path


def test_the_readme_installs_this_version_from_its_git_tag() -> None:
    from stayready.home import requirement

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f'pip install "{requirement()}"' in readme
