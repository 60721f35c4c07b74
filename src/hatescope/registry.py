"""Named, versioned registries of pluggable components (detectors, stance models...).

Components register under a versioned name such as ``"hatescope.lexicon.v1"``; config files
name them. Third-party packages extend a registry through the entry-point group
``hatescope.<registry>`` (e.g. ``hatescope.detectors``).
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any, Callable, Generic, TypeVar

from hatescope.errors import RegistryError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, Callable[..., T]] = {}
        self._entry_points_loaded = False

    def register(self, key: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        def decorate(factory: Callable[..., T]) -> Callable[..., T]:
            if key in self._items and self._items[key] is not factory:
                raise RegistryError(f"{self.name}: '{key}' is already registered")
            self._items[key] = factory
            return factory

        return decorate

    def _load_entry_points(self) -> None:
        if self._entry_points_loaded:
            return
        self._entry_points_loaded = True
        for ep in entry_points(group=f"hatescope.{self.name}"):
            self._items.setdefault(ep.name, ep.load())

    def get(self, key: str) -> Callable[..., T]:
        if key not in self._items:
            self._load_entry_points()
        try:
            return self._items[key]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise RegistryError(f"no {self.name} component named '{key}' (known: {known})") from None

    def create(self, key: str, **params: Any) -> T:
        return self.get(key)(**params)

    def names(self) -> list[str]:
        self._load_entry_points()
        return sorted(self._items)


detectors: Registry[Any] = Registry("detectors")
