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
import threading
from itertools import islice
from operator import countOf, mul
from typing import Any

from leakwarden.detect.base import ValueDetector
from leakwarden.detect.values._prefiltered import PrefilteredDetector

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


class Base64ImageDetector(PrefilteredDetector):
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

    def _checked(self, value: Any) -> bool:
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


class BytesImageDetector(PrefilteredDetector):
    id = "image.bytes"
    category = PHOTO
    description = "raw image bytes (binary columns of SQL/Parquet dumps)"
    types = frozenset({"other"})
    strength = 3.0
    chance = 0.0
    standalone = False

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, (bytes, bytearray, memoryview)) and len(value) >= 32

    def _checked(self, value: Any) -> bool:
        return image_kind(bytes(value[:16])) is not None


_IMG_URL = re.compile(
    r"(?:(?:https?|ftp|s3|oss|file)://[^\s]{1,2000}|/[^\s]{1,2000}|[A-Za-z]:\\[^\s]{1,2000}|[\w\-]+(?:/[\w\-.]+)+)",
)
_IMG_EXT = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp|tiff?|heic|jfif)(?:[?#][^\s]*)?$", re.I)
_IMG_PATH = re.compile(r"/(?:faces?|img|imgs|images?|photos?|pics?|pictures?|capture|captures|snapshots?|snap|portrait|avatars?|thumbs?|thumbnails?|crops?|scenes?|panorama|bigimg|smallimg|fullimg)(?:/|$|\?)", re.I)
# image servers: "img.example", "vsp-img.city.internal", "pic3.cdn", FastDFS group paths
_IMG_HOST = re.compile(r"^[a-z]+://(?:[^/]*[.\-])?(?:img|imgs|image|images|pic|pics|photo|photos|fdfs|faceimg|snapshot)\d*(?:[.\-:/]|$)", re.I)


class ImageUrlDetector(PrefilteredDetector):
    id = "image.url"
    category = PHOTO
    description = "URL or path of an image (.jpg/.png/... or /face/, /img/, /capture/ paths)"
    types = frozenset({"str"})
    strength = 2.5
    chance = 0.0
    standalone = False

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 5 <= len(value) <= 2048 and ("/" in value or "\\" in value)

    def _checked(self, value: Any) -> bool:
        t = value.strip()
        if _IMG_URL.fullmatch(t) is None:
            return False
        if _IMG_EXT.search(t) is not None:
            return True
        if not t.lower().startswith(("http://", "https://")):
            return False
        return _IMG_PATH.search(t) is not None or _IMG_HOST.match(t) is not None


# ---------------------------------------------------------------- vectors


_numpy: Any = None


def numpy_or_none() -> Any:
    """numpy when it is installed (imported on first use), else None: the pure-Python paths are used."""
    global _numpy
    if _numpy is None:
        try:
            import numpy
        except ImportError:  # pragma: no cover - numpy is a dependency
            numpy = False
        _numpy = numpy
    return _numpy or None


# -------------------------------------------------- decoded vectors, shared with risk.faces
#
# In a --full scan the hit counter checks each value of an embedding field (decoding
# it to a float64 array here), and right after, on the same record, the risk assessor
# decodes the same value object again to key the face (risk.faces.embedding).  The
# detectors remember their last few decodings that are exactly what faces.embedding
# would compute (before its own checks), so that second decoding is a look-up.

#: decodings remembered: the assessor reads a record's embeddings right after the
#: counter checked them, with at most a few other embeddings decoded in between
DECODED_CAP = 8

# id(value) -> (value, snapshot of a list's items or None, read-only float64 array).
# Holding the value keeps its id from being reused while the entry lives.
_decoded: dict[int, tuple[Any, list[float] | None, Any]] = {}
_decoded_lock = threading.Lock()


def _remember_decoded(value: Any, array: Any) -> None:
    """Remember ``array`` as the decoding of ``value`` (a str, or a list of floats only)."""
    snapshot: list[float] | None = None
    if type(value) is list:  # (exact types: a subclass may read its items otherwise)
        # A list can change in place after this: decoded_vector compares it with this
        # copy.  Equal floats have equal bits except 0.0 and -0.0, so a list with a
        # zero is not remembered (embeddings hardly have exact zeros).
        if not array.all():  # (a NaN counts as non-zero)
            return
        snapshot = list(value)
    elif type(value) is not str:
        return
    array.flags.writeable = False  # shared: no reader may change it
    key = id(value)
    with _decoded_lock:
        decoded = _decoded
        decoded.pop(key, None)  # re-inserted as the newest
        decoded[key] = (value, snapshot, array)
        if len(decoded) > DECODED_CAP:
            del decoded[next(iter(decoded))]


def decoded_vector(value: Any) -> Any:
    """The float64 array an embedding detector recently decoded ``value`` to, or None.

    Only decodings :func:`leakwarden.risk.faces.embedding` computes the same way
    are remembered: a list of floats, plain ``[0.1,0.2,...]`` text, and a
    little-endian float32 base64 blob that needed no padding.  A list is answered
    for only while it holds the same floats as when it was decoded.
    """
    entry = _decoded.get(id(value))
    if entry is None or entry[0] is not value:
        return None
    snapshot = entry[1]
    if snapshot is not None:
        # unchanged: exact floats (type() runs no code of the items, so the comparison
        # below only compares floats), each equal to the one decoded, hence of the same
        # bits (no zeros were remembered; a NaN equals only itself, the same object)
        n = len(snapshot)
        if len(value) != n or countOf(map(type, value), float) != n or value != snapshot:
            return None
    return entry[2]


def forget_decoded() -> None:
    """Drop every remembered decoding (the risk assessor does when its collection is done)."""
    with _decoded_lock:
        _decoded.clear()


def embedding_like(xs: list[float]) -> bool:
    """True when a float list looks like an embedding rather than a series or counts.

    Embeddings: most values non-integer, magnitudes bounded, neighbouring
    components uncorrelated.  Sensor series and spectra are smooth (high lag-1
    autocorrelation); histograms and counts are integers.
    """
    n = len(xs)
    if not (MIN_DIMS <= n <= MAX_DIMS):
        return False
    np = numpy_or_none()
    if np is not None:
        try:
            return _embedding_like_array(np, np.asarray(xs, dtype=np.float64))
        except (TypeError, ValueError, OverflowError):
            pass
    return _embedding_like_list(xs)


def _embedding_like_array(np: Any, a: Any, s2: float | None = None) -> bool:
    """:func:`embedding_like` of a float64 numpy array.

    ``s2``: ``float(a @ a)`` when the caller has computed it, having checked the
    magnitudes already (:func:`_decode_float32_array`).
    """
    n = a.size
    if not (MIN_DIMS <= n <= MAX_DIMS):
        return False
    if s2 is None:
        # magnitudes bounded, and no NaN or infinity: the maximum of |a| is NaN when
        # a NaN is present, and no comparison with NaN holds
        if not float(np.abs(a).max()) <= 1000.0:
            return False
        s2 = float(a @ a)  # bounded now: no overflow
    if s2 == 0.0 or int(np.count_nonzero(a == np.trunc(a))) > n * 0.5:
        return False
    mean = float(a.sum()) / n
    var = s2 / n - mean * mean
    if var <= 1e-12:
        return False
    centred = a - mean
    r1 = float(centred[:-1] @ centred[1:]) / (var * (n - 1))
    return r1 < 0.5


def _embedding_like_list(xs: list[float]) -> bool:
    """:func:`embedding_like` without numpy; every step at C speed (``sum``/``max``/``map``)."""
    n = len(xs)
    if not (MIN_DIMS <= n <= MAX_DIMS):
        return False
    s = sum(xs)
    if s != s or s in (math.inf, -math.inf):
        # a NaN or an infinity somewhere (or finite values so large that their
        # sum overflows, which the magnitude bound rejects anyway)
        return False
    try:
        ints = sum(map(float.is_integer, xs))
    except TypeError:  # not all floats
        ints = sum(1 for x in xs if x == int(x))
    s2 = sum(map(mul, xs, xs))
    mx = max(map(abs, xs))
    if ints > n * 0.5 or mx > 1000.0 or s2 == 0.0:
        return False
    mean = s / n
    var = s2 / n - mean * mean
    if var <= 1e-12:
        return False
    # lag-1 autocorrelation
    centred = list(map(mean.__rsub__, xs))  # x - mean
    acc = sum(map(mul, centred, islice(centred, 1, None)))
    r1 = acc / (var * (n - 1))
    return r1 < 0.5


_FLOAT_ONLY = frozenset({float})
_NUMBER_TYPES = frozenset({int, float})


def float_list(value: list[Any]) -> list[float] | None:
    """The list as floats when every item is a number (not a bool), else None."""
    types = set(map(type, value))
    try:
        if types <= _FLOAT_ONLY:
            return value
        if types <= _NUMBER_TYPES:
            return list(map(float, value))
        xs = [float(x) for x in value if not isinstance(x, bool)]
    except (TypeError, ValueError, OverflowError):
        return None
    return xs if len(xs) == len(value) else None


class FloatArrayDetector(PrefilteredDetector):
    id = "vector.float_array"
    category = EMBEDDING
    description = "array of 64-2048 floats shaped like an embedding (not a smooth series, not counts)"
    types = frozenset({"vector"})
    strength = 2.5
    chance = 0.0
    standalone = False

    def prepare(self) -> None:
        numpy_or_none()

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, list) and MIN_DIMS <= len(value) <= MAX_DIMS

    def _checked(self, value: Any) -> bool:
        np = numpy_or_none()
        if np is not None and countOf(map(type, value), float) == len(value):
            # all floats (the usual embedding): the branch below, without building a set of
            # types; fromiter stores each float's double as np.array does, a little faster
            a = np.fromiter(value, np.float64, len(value))
            _remember_decoded(value, a)  # what faces.embedding decodes this list to
            return _embedding_like_array(np, a)
        if np is not None and set(map(type, value)) <= _NUMBER_TYPES:
            try:
                a = np.array(value, dtype=np.float64)
            except OverflowError:
                return False
            return _embedding_like_array(np, a)
        xs = float_list(value)
        return xs is not None and embedding_like(xs)


_B64 = re.compile(r"[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_\-]+={0,2}")


def _float32_bytes(text: str) -> bytes | None:
    """The bytes of a base64 float32 blob of 64-2048 dims, or None."""
    n = len(text)
    if n < 340 or n > 11000:  # 64 dims -> 344 chars; 2048 dims -> 10924 chars
        return None
    try:
        if "-" in text or "_" in text:
            if _B64.fullmatch(text) is None:
                return None
            raw = base64.urlsafe_b64decode(text + "=" * (-n % 4))
        else:
            # No _B64 check first: the strict decoder accepts only text of the
            # alphabet and padding that ends a quad, which _B64's first branch
            # admits (the padding added here is all the text loses to match it),
            # and it raises for every other text
            raw = base64.b64decode(text + "=" * (-n % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) % 4 or not (MIN_DIMS <= len(raw) // 4 <= MAX_DIMS):
        return None
    return raw


def _strict_b64(text: str) -> bool:
    """True when :func:`_float32_bytes` decoded ``text`` as a strict decoder of it does:
    the standard alphabet, and no padding added."""
    return not len(text) % 4 and "-" not in text and "_" not in text


def _decode_float32_array(np: Any, text: str, value: Any = None) -> tuple[Any, float] | None:
    """:func:`decode_float32_blob` as a float64 numpy array, with its ``float(a @ a)``.

    ``value``: the value ``text`` is stripped from, to remember the array for when
    ``faces.embedding`` decodes it the same way: standard alphabet (the strict decoder
    there), no padding added, little-endian (the only byte order there).
    """
    raw = _float32_bytes(text)
    if raw is None:
        return None
    with np.errstate(all="ignore"):  # signalling NaNs in arbitrary bytes
        for dtype in ("<f4", ">f4"):
            a = np.frombuffer(raw, dtype=dtype).astype(np.float64)
            if np.abs(a).max() <= 1000.0:  # False with a NaN too
                s2 = float(a @ a)
                if 0.01 <= math.sqrt(s2) <= 10000.0:
                    if value is not None and dtype == "<f4" and _strict_b64(text):
                        _remember_decoded(value, a)
                    return a, s2
    return None


def decode_float32_blob(text: str) -> list[float] | None:
    """Decode a base64 float32 blob (little- or big-endian) of 64-2048 dims, or None."""
    raw = _float32_bytes(text)
    if raw is None:
        return None
    dims = len(raw) // 4
    for fmt in ("<%df", ">%df"):
        xs = list(struct.unpack(fmt % dims, raw))
        s = sum(xs)
        # no NaN (the sum would be NaN) and every magnitude within 1000
        if s == s and max(map(abs, xs)) <= 1000.0:
            norm = math.sqrt(sum(map(mul, xs, xs)))
            if 0.01 <= norm <= 10000.0:
                return xs
    return None


class Float32Base64Detector(PrefilteredDetector):
    id = "vector.float32-base64"
    category = EMBEDDING
    description = "base64 blob decoding to 64-2048 finite float32 values with a plausible norm"
    types = frozenset({"str"})
    strength = 3.0
    chance = 0.0
    standalone = False

    def prepare(self) -> None:
        numpy_or_none()

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 340 <= len(value) <= 11000 and not value.startswith(_IMAGE_B64_PREFIXES)

    def _checked(self, value: Any) -> bool:
        np = numpy_or_none()
        if np is not None:
            decoded = _decode_float32_array(np, value.strip(), value)
            return decoded is not None and _embedding_like_array(np, *decoded)
        xs = decode_float32_blob(value.strip())
        return xs is not None and embedding_like(xs)


_SEPARATORS_TO_SPACE = str.maketrans(",;", "  ")
# [-0.0140, 0.0561, ...]: 64-2048 numbers; a separator is white space, a "," or a ";", or
# one of them within white space.  The quantifiers are possessive: a number or a
# separator never needs to give back characters (a digit, ".", "e" cannot follow a
# number, white space cannot start one), so the regex engine keeps no backtracking
# points, but the strings matched are the ones of the plain pattern
# \[?\s*N(?:\s*[,;\s]\s*N){63,2047}\s*\]? (N the number).
_NUMBER = r"-?\d++(?:\.\d++)?+(?:[eE][-+]?\d++)?+"
_FLOAT_LIST = re.compile(r"\[?\s*+" + _NUMBER + r"(?:(?:\s*+[,;]\s*+|\s++)" + _NUMBER + r"){63,2047}+\s*+\]?")
# The common layout, "[-0.0140,0.0561,...]": ASCII numbers with a fraction, single
# commas; checked faster than _FLOAT_LIST (an ASCII class instead of \d, one
# separator), every string it matches is one _FLOAT_LIST matches.
_PLAIN_NUMBER = r"-?[0-9]++\.[0-9]++"
_PLAIN_FLOAT_LIST = re.compile(r"\[?" + _PLAIN_NUMBER + r"(?:," + _PLAIN_NUMBER + r"){63,2047}+\]?")


class FloatTextDetector(PrefilteredDetector):
    id = "vector.float_text"
    category = EMBEDDING
    description = "text of 64-2048 comma/space separated floats shaped like an embedding"
    types = frozenset({"str"})
    strength = 2.5
    chance = 0.0
    standalone = False

    def prepare(self) -> None:
        numpy_or_none()

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 128 <= len(value) <= 60000 and value.lstrip("[ ")[:1] in "-0123456789"

    def _checked(self, value: Any) -> bool:
        if _PLAIN_FLOAT_LIST.fullmatch(value) is not None:
            # a sub-language of _FLOAT_LIST (so it matches too) with no white space and
            # no ";": the split below gives the parts the general split would
            parts = value.strip("[]").split(",")
            plain = True
        elif _FLOAT_LIST.fullmatch(value) is None:
            return False
        else:
            # the pattern above holds: separators are runs of "," ";" and white space
            parts = value.strip().strip("[]").translate(_SEPARATORS_TO_SPACE).split()
            plain = False
        np = numpy_or_none()
        try:
            if np is not None:  # straight into an array: no list of floats on the way
                a = np.fromiter(map(float, parts), np.float64, len(parts))
                if plain:
                    # faces.embedding splits at "," only: the same parts for this layout
                    _remember_decoded(value, a)
                return _embedding_like_array(np, a)
            return embedding_like(list(map(float, parts)))
        except ValueError:
            return False


DETECTORS: list[ValueDetector] = [
    Base64ImageDetector(),
    BytesImageDetector(),
    ImageUrlDetector(),
    FloatArrayDetector(),
    Float32Base64Detector(),
    FloatTextDetector(),
]
