/**
 * Reading QR codes: the browser's BarcodeDetector where it exists (Chrome on Android,
 * Safari), else jsQR on frames drawn into a canvas. jsQR is loaded only when needed.
 */

interface DetectedBarcode {
	rawValue: string;
}
interface BarcodeDetectorLike {
	detect(source: CanvasImageSource | ImageBitmap): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (options: { formats: string[] }) => BarcodeDetectorLike;

async function nativeDetector(): Promise<BarcodeDetectorLike | null> {
	const ctor = (
		globalThis as {
			BarcodeDetector?: BarcodeDetectorCtor & { getSupportedFormats?: () => Promise<string[]> };
		}
	).BarcodeDetector;
	if (!ctor) return null;
	try {
		const formats = (await ctor.getSupportedFormats?.()) ?? ['qr_code'];
		return formats.includes('qr_code') ? new ctor({ formats: ['qr_code'] }) : null;
	} catch {
		return null;
	}
}

/** Decodes a QR code in an image, canvas or video frame; null when none is found. */
export type Decoder = (
	source: HTMLVideoElement | HTMLImageElement | ImageBitmap
) => Promise<string | null>;

export async function createDecoder(): Promise<Decoder> {
	const native = await nativeDetector();
	if (native) {
		return async (source) => {
			const found = await native.detect(source);
			return found[0]?.rawValue ?? null;
		};
	}
	const { default: jsQR } = await import('jsqr');
	const canvas = document.createElement('canvas');
	const context = canvas.getContext('2d', { willReadFrequently: true });
	if (!context) throw new Error('canvas 2d not available');
	return async (source) => {
		const width =
			source instanceof HTMLVideoElement
				? source.videoWidth
				: source instanceof HTMLImageElement
					? source.naturalWidth
					: source.width;
		const height =
			source instanceof HTMLVideoElement
				? source.videoHeight
				: source instanceof HTMLImageElement
					? source.naturalHeight
					: source.height;
		if (!width || !height) return null;
		// Large photos are scaled down: jsQR is fast enough at about a megapixel.
		const scale = Math.min(1, 1000 / Math.max(width, height));
		canvas.width = Math.round(width * scale);
		canvas.height = Math.round(height * scale);
		context.drawImage(source, 0, 0, canvas.width, canvas.height);
		const image = context.getImageData(0, 0, canvas.width, canvas.height);
		return jsQR(image.data, image.width, image.height)?.data ?? null;
	};
}

/** Dutch explanation for a getUserMedia failure. */
export function cameraErrorMessage(error: unknown): string {
	const name = error instanceof DOMException || error instanceof Error ? error.name : '';
	switch (name) {
		case 'NotAllowedError':
		case 'SecurityError':
			return 'U hebt geen toestemming gegeven om de camera te gebruiken. Sta de camera toe via het slotje of de instellingen van de browser en probeer het opnieuw, of typ de sleutel over.';
		case 'NotFoundError':
		case 'OverconstrainedError':
			return 'Er is geen camera gevonden op dit apparaat. Typ de sleutel over of kies een foto van de QR-code.';
		case 'NotReadableError':
			return 'De camera is in gebruik door een andere app. Sluit die app en probeer het opnieuw.';
		default:
			return 'De camera kon niet worden gestart. Typ de sleutel over of kies een foto van de QR-code.';
	}
}
