/**
 * Reading the header and description of an ICC profile (enough to check that a template's profile
 * is a CMYK output profile, and to name it in the report and the OutputIntent).
 */

export interface IccInfo {
  /** Profile/device class: `prtr` for an output (printer) profile. */
  deviceClass: string;
  /** Data colour space: `CMYK`, `RGB `, `GRAY`… */
  colorSpace: string;
  /** Major version (2 or 4). */
  version: number;
  /** The `desc` tag (text of a v2 textDescriptionType or the first record of a v4 mluc). */
  description: string;
}

/** Header and description of an ICC profile; throws with a reason when the bytes are not one. */
export function readIcc(b: Uint8Array): IccInfo {
  if (b.length < 132) throw new Error('too short to be an ICC profile');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ascii = (at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
  if (ascii(36, 4) !== 'acsp') throw new Error('no ICC signature (acsp)');
  const size = dv.getUint32(0);
  if (size > b.length) throw new Error('truncated ICC profile');
  const count = dv.getUint32(128);
  let description = '';
  for (let i = 0; i < count && 132 + 12 * (i + 1) <= b.length; i++) {
    const sig = ascii(132 + 12 * i, 4);
    if (sig !== 'desc') continue;
    const off = dv.getUint32(136 + 12 * i);
    const len = dv.getUint32(140 + 12 * i);
    if (off + len > b.length || len < 12) break;
    const type = ascii(off, 4);
    if (type === 'desc') {
      const n = dv.getUint32(off + 8);
      description = ascii(off + 12, Math.max(0, Math.min(n, len - 12))).replace(/\0+$/, '');
    } else if (type === 'mluc') {
      const recLen = dv.getUint32(off + 20);
      const recOff = dv.getUint32(off + 24);
      let s = '';
      for (let k = 0; k + 1 < recLen && off + recOff + k + 1 < b.length; k += 2) s += String.fromCharCode(dv.getUint16(off + recOff + k));
      description = s.replace(/\0+$/, '');
    }
    break;
  }
  return { deviceClass: ascii(12, 4), colorSpace: ascii(16, 4), version: b[8]!, description };
}
