"""Images and feature vectors.

Images (category ``person.photo``): base64 with image magic bytes (JPEG
``/9j/``, PNG ``iVBOR``, GIF, WEBP, BMP), ``data:image/...`` URIs, image URLs
and paths.  An image is a *person* photo only in a context about people or
faces, so these detectors are not standalone: the classifier adds the
field/collection context (a product image is not a person photo).

Vectors (category ``biometric.face_embedding``): arrays of 64-2048 finite
floats shaped like an embedding (not a smooth series, not integers), base64
float32 blobs and comma-separated float text.  Likewise not standalone: face
context tells a face template from a text or product embedding.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import struct
from typing import Any

from leakwarden.detect.base import ValueDetector

PHOTO = "person.photo"
EMBEDDING = "biometric.face_embedding"

MIN_DIMS = 64
MAX_DIMS = 2048

_B64_HEAD = re.compile(r"[A-Za-z0-9+/]{16,}")
_IMAGE_B64_PREFIXES = ("/9j/", "iVBORw0KGgo", "R0lGODdh", "R0lGODlh", "UklGR", "Qk")


def _b64_prefix_bytes(text: str, n: int = 24) -> bytes | None:
    head = text[: ((n * 4 // 3) + 3) // 4 * 4]
    try:
        return base64.b64decode(head, validate=False)
    except (binascii.Error, ValueError):
        return None


def image_kind(data: bytes) -> str | None:
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:2] == b"BM" and len(data) >= 14 and data[6:10] == b"\x00\x00\x00\x00":
        return "bmp"
    return None


class Base64ImageDetector(ValueDetector):
    id = "image.base64"
    category = PHOTO
    description = "base64 image with JPEG/PNG/GIF/WEBP/BMP magic bytes (data: URIs too)"
    types = frozenset({"str"})
    strength = 3.0
    chance = 0.0
    standalone = False

    def prefilter(self, value: Any) -> bool:
        if not isinstance(value, str) or len(value) < 64:
            return False
        return value.startswith(_IMAGE_B64_PREFIXES) or value[:11].lower() == "data:image/"

    def match(self, value: Any) -> bool:
        if not self.prefilter(value):
            return False
        text = value
        if text[:11].lower() == "data:image/":
            comma = text.find(",", 0, 100)
            if comma < 0 or ";base64" not in text[:comma].lower():
                return False
            text = text[comma + 1:]
        if _B64_HEAD.match(text[:64]) is None:
            return False
        data = _b64_prefix_bytes(text)
        return data is not None and image_kind(data) is not None


class BytesImageDetector(ValueDetector):
    id = "image.bytes"
    category = PHOTO
    description = "raw image bytes (binary columns of SQL/Parquet dumps)"
    types = frozenset({"other"})
    strength = 3.0
    chance = 0.0
    standalone = False

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, (bytes, bytearray, memoryview)) and len(value) >= 32

    def match(self, value: Any) -> bool:
        return self.prefilter(value) and image_kind(bytes(value[:16])) is not None


_IMG_URL = re.compile(
    r"(?:(?:https?|ftp|s3|oss|file)://[^\s]{1,2000}|/[^\s]{1,2000}|[A-Za-z]:\\[^\s]{1,2000}|[\w\-]+(?:/[\w\-.]+)+)",
)
_IMG_EXT = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp|tiff?|heic|jfif)(?:[?#][^\s]*)?$", re.I)
_IMG_PATH = re.compile(r"/(?:faces?|img|imgs|images?|photos?|pics?|pictures?|capture|captures|snapshots?|snap|portrait|avatars?|thumbs?|thumbnails?|crops?|scenes?|panorama|bigimg|smallimg|fullimg)(?:/|$|\?)", re.I)
# image servers: "img.example", "vsp-img.city.internal", "pic3.cdn", FastDFS group paths
_IMG_HOST = re.compile(r"^[a-z]+://(?:[^/]*[.\-])?(?:img|imgs|image|images|pic|pics|photo|photos|fdfs|faceimg|snapshot)\d*(?:[.\-:/]|$)", re.I)


class ImageUrlDetector(ValueDetector):
    id = "image.url"
    category = PHOTO
    description = "URL or path of an image (.jpg/.png/... or /face/, /img/, /capture/ paths)"
    types = frozenset({"str"})
    strength = 2.5
    chance = 0.0
    standalone = False

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 5 <= len(value) <= 2048 and ("/" in value or "\\" in value)

    def match(self, value: Any) -> bool:
        if not self.prefilter(value):
            return False
        t = value.strip()
        if _IMG_URL.fullmatch(t) is None:
            return False
        if _IMG_EXT.search(t) is not None:
            return True
        if not t.lower().startswith(("http://", "https://")):
            return False
        return _IMG_PATH.search(t) is not None or _IMG_HOST.match(t) is not None


# ---------------------------------------------------------------- vectors


def embedding_like(xs: list[float]) -> bool:
    """True when a float list looks like an embedding rather than a series or counts.

    Embeddings: most values non-integer, magnitudes bounded, neighbouring
    components uncorrelated.  Sensor series and spectra are smooth (high lag-1
    autocorrelation); histograms and counts are integers.
    """
    n = len(xs)
    if not (MIN_DIMS <= n <= MAX_DIMS):
        return False
    ints = 0
    s = s2 = 0.0
    mx = 0.0
    for x in xs:
        if x != x or x in (math.inf, -math.inf):
            return False
        if x == int(x):
            ints += 1
        s += x
        s2 += x * x
        ax = abs(x)
        if ax > mx:
            mx = ax
    if ints > n * 0.5 or mx > 1000.0 or s2 == 0.0:
        return False
    mean = s / n
    var = s2 / n - mean * mean
    if var <= 1e-12:
        return False
    # lag-1 autocorrelation
    acc = 0.0
    prev = xs[0] - mean
    for x in xs[1:]:
        cur = x - mean
        acc += prev * cur
        prev = cur
    r1 = acc / (var * (n - 1))
    return r1 < 0.5


class FloatArrayDetector(ValueDetector):
    id = "vector.float_array"
    category = EMBEDDING
    description = "array of 64-2048 floats shaped like an embedding (not a smooth series, not counts)"
    types = frozenset({"vector"})
    strength = 2.5
    chance = 0.0
    standalone = False

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, list) and MIN_DIMS <= len(value) <= MAX_DIMS

    def match(self, value: Any) -> bool:
        if not self.prefilter(value):
            return False
        try:
            xs = [float(x) for x in value if not isinstance(x, bool)]
        except (TypeError, ValueError, OverflowError):
            return False
        return len(xs) == len(value) and embedding_like(xs)


_B64 = re.compile(r"[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_\-]+={0,2}")


def decode_float32_blob(text: str) -> list[float] | None:
    """Decode a base64 float32 blob (little- or big-endian) of 64-2048 dims, or None."""
    n = len(text)
    if n < 340 or n > 11000:  # 64 dims -> 344 chars; 2048 dims -> 10924 chars
        return None
    if _B64.fullmatch(text) is None:
        return None
    try:
        if "-" in text or "_" in text:
            raw = base64.urlsafe_b64decode(text + "=" * (-n % 4))
        else:
            raw = base64.b64decode(text + "=" * (-n % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) % 4 or not (MIN_DIMS <= len(raw) // 4 <= MAX_DIMS):
        return None
    dims = len(raw) // 4
    for fmt in ("<%df", ">%df"):
        xs = list(struct.unpack(fmt % dims, raw))
        ok = True
        for x in xs:
            if x != x or abs(x) > 1000.0:
                ok = False
                break
        if ok:
            norm = math.sqrt(sum(x * x for x in xs))
            if 0.01 <= norm <= 10000.0:
                return xs
    return None


class Float32Base64Detector(ValueDetector):
    id = "vector.float32-base64"
    category = EMBEDDING
    description = "base64 blob decoding to 64-2048 finite float32 values with a plausible norm"
    types = frozenset({"str"})
    strength = 3.0
    chance = 0.0
    standalone = False

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 340 <= len(value) <= 11000 and not value.startswith(_IMAGE_B64_PREFIXES)

    def match(self, value: Any) -> bool:
        if not self.prefilter(value):
            return False
        xs = decode_float32_blob(value.strip())
        return xs is not None and embedding_like(xs)


_FLOAT_LIST = re.compile(r"\[?\s*-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?:\s*[,;\s]\s*-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?){63,2047}\s*\]?")


class FloatTextDetector(ValueDetector):
    id = "vector.float_text"
    category = EMBEDDING
    description = "text of 64-2048 comma/space separated floats shaped like an embedding"
    types = frozenset({"str"})
    strength = 2.5
    chance = 0.0
    standalone = False

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 128 <= len(value) <= 60000 and value.lstrip("[ ")[:1] in "-0123456789"

    def match(self, value: Any) -> bool:
        if not self.prefilter(value):
            return False
        if _FLOAT_LIST.fullmatch(value) is None:
            return False
        parts = re.split(r"[,;\s]+", value.strip().strip("[]").strip())
        try:
            xs = [float(p) for p in parts if p]
        except ValueError:
            return False
        return embedding_like(xs)


DETECTORS: list[ValueDetector] = [
    Base64ImageDetector(),
    BytesImageDetector(),
    ImageUrlDetector(),
    FloatArrayDetector(),
    Float32Base64Detector(),
    FloatTextDetector(),
]
