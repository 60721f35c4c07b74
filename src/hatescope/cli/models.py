"""``hatescope train`` and ``hatescope eval``: build the classifier, and regenerate docs/EVALUATION.md."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

import typer

from hatescope.cli.app import app
from hatescope.errors import DatasetsNotFound, NotASourceCheckout


def _load_suites() -> None:
    """Import every module of hatescope.evaluation so that each registers its suite."""
    import hatescope.evaluation as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"hatescope.evaluation.{info.name}")


@app.command("eval")
def eval_command(
    suite: list[str] = typer.Option(None, "--suite", "-s", help="suite(s) to run (default: all registered)"),
    data: Optional[Path] = typer.Option(None, help="datasets folder (default $HATESCOPE_DATA or ../shared/data)"),
    out_dir: Path = typer.Option(Path("docs/eval"), help="where each suite leaves its JSON"),
    report: Path = typer.Option(Path("docs/EVALUATION.md"), help="the generated report"),
    limit: Optional[int] = typer.Option(None, help="evaluate about this many texts per suite (quick runs)"),
) -> None:
    """Run evaluation suites and rebuild docs/EVALUATION.md from their results."""
    from hatescope.evaluation import default_data_dir, suites, write_report

    _load_suites()
    names = suite or suites.names()
    data_dir = data or default_data_dir()
    if not data_dir.is_dir():
        raise DatasetsNotFound(f"datasets folder not found: {data_dir} (set HATESCOPE_DATA)")
    for name in names:
        typer.echo(f"running suite {name} ...", err=True)
        kw = {"limit": limit} if limit else {}
        result = suites.create(name, engine=None, data_dir=data_dir, out_dir=out_dir, **kw)
        typer.echo(f"  {result.title}: done", err=True)
    write_report(out_dir, report)
    typer.echo(str(report))


@app.command("train")
def train_command(
    data: Optional[Path] = typer.Option(None, help="datasets folder (default $HATESCOPE_DATA or ../shared/data)"),
    out: Optional[Path] = typer.Option(None, help="artifact folder (default: the packaged model folder)"),
    seed: int = typer.Option(13, help="random seed (training is deterministic given the seed)"),
    ablation: bool = typer.Option(False, help="also train and evaluate the ablation recipes"),
) -> None:
    """Train the classifier heads (needs the `train` extra and a source checkout with training/)."""
    root = Path(__file__).resolve().parents[3]
    if not (root / "training" / "train.py").is_file():
        raise NotASourceCheckout("`hatescope train` needs a source checkout (training/ folder not found)")
    args = [sys.executable, "-m", "training.train", "--seed", str(seed)]
    if data:
        args += ["--data", str(data)]
    if out:
        args += ["--out", str(out)]
    if ablation:
        args.append("--ablation")
    target = out or root / "src" / "hatescope" / "data" / "models" / "classifier_v1"
    if not (target / "encoder.onnx").exists():  # the encoder is exported once from the training extra
        subprocess.run([sys.executable, "-m", "training.export_encoder", "--out", str(target)], cwd=root, check=True)
    raise typer.Exit(subprocess.run(args, cwd=root).returncode)
