/**
 * A zip whose one entry inflates to `inflatedMiB` MiB of zeros, built without ever holding the
 * inflated bytes: one raw-deflate segment of 1 MiB of zeros, ended by a sync flush (so it is
 * byte-aligned and needs no final bit), is repeated, then a final empty stored block. By default
 * the headers claim a tiny size, as a hostile job would write them; `honest` makes them state the
 * real one. CRC is left zero.
 */
import { constants, deflateRawSync } from 'node:zlib';

function u16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value);
  return buffer;
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value >>> 0);
  return buffer;
}

export function zipBomb(inflatedMiB: number, name = 'patch.json', honest = false): Buffer {
  const segment = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: constants.Z_SYNC_FLUSH });
  const finalEmptyStored = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
  const data = Buffer.concat([...Array.from({ length: inflatedMiB }, () => segment), finalEmptyStored]);
  const fileName = Buffer.from(name);
  const claimed = honest ? inflatedMiB * 1024 * 1024 : 1024;
  const local = Buffer.concat([
    u32(0x04034b50),
    u16(20),
    u16(0),
    u16(8),
    u16(0),
    u16(0),
    u32(0),
    u32(data.length),
    u32(claimed),
    u16(fileName.length),
    u16(0),
    fileName,
  ]);
  const central = Buffer.concat([
    u32(0x02014b50),
    u16(20),
    u16(20),
    u16(0),
    u16(8),
    u16(0),
    u16(0),
    u32(0),
    u32(data.length),
    u32(claimed),
    u16(fileName.length),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    u32(0),
    u32(0),
    fileName,
  ]);
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(1),
    u16(1),
    u32(central.length),
    u32(local.length + data.length),
    u16(0),
  ]);
  return Buffer.concat([local, data, central, end]);
}
