"""Turn world-atlas's TopoJSON country shapes into SVG paths keyed by M49 code.

The map on the home page is drawn on the server from these paths, so it needs
no JavaScript and no network. Regenerate with:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/build_world_map.py /tmp/package/countries-110m.json

World-atlas is ISC-licensed; its licence ships beside the output.
"""

import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "static" / "atlas" / "world-110m.json"
WIDTH = 960
NORTH, SOUTH = 84.0, -58.0  # Antarctica and the far north are left out
HEIGHT = round(WIDTH * (NORTH - SOUTH) / 360)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def project(lon: float, lat: float) -> tuple[float, float]:
    lat = max(min(lat, NORTH), SOUTH)
    return (lon + 180) / 360 * WIDTH, (NORTH - lat) / (NORTH - SOUTH) * HEIGHT


def ring_path(points: list[tuple[float, float]]) -> str:
    projected = [project(lon, lat) for lon, lat in points]
    if all(y >= HEIGHT - 0.01 for _, y in projected):
        return ""
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in projected) + "Z"


def main(source: str) -> int:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if "id" not in geometry or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path = "".join(ring_path(ring_points(ring, arcs)) for polygon in polygons for ring in polygon)
        if path:
            shapes[geometry["id"]] = {"name": geometry["properties"]["name"], "d": path}
    OUTPUT.write_text(
        json.dumps(
            {"width": WIDTH, "height": HEIGHT, "shapes": dict(sorted(shapes.items()))}, separators=(",", ":")
        ),
        encoding="utf-8",
    )
    print(f"{len(shapes)} shapes written to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
