/**
 * Raw publication archive: every distinct publication's bytes, stored once under their sha256 with
 * the facts of the fetch that first brought them, so that history can prove which exact file each
 * change came from. S3 on AWS (`raw/<sha256>` + `raw/<sha256>.json`), a folder in the data dir
 * locally (`archive/<sha256[0..2]>/<sha256>` + `.json`).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { sha256Hex } from '../core/source';
import type { ArchiveMeta, RawArchive } from '../pipeline/ports';

/** The local archive: a folder in the data dir. Writes go to a temporary name first, then are renamed. */
export class FolderArchive implements RawArchive {
  constructor(readonly dir: string) {}

  private paths(sha256: string) {
    const folder = join(this.dir, sha256.slice(0, 2));
    return { folder, data: join(folder, sha256), meta: join(folder, `${sha256}.json`) };
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.paths(sha256).meta);
      return true;
    } catch {
      return false;
    }
  }

  async put(bytes: Uint8Array, meta: Omit<ArchiveMeta, 'sha256' | 'bytes'>) {
    const sha256 = sha256Hex(bytes);
    const p = this.paths(sha256);
    if (await this.has(sha256)) return { key: p.data, sha256, created: false };
    await mkdir(p.folder, { recursive: true });
    // Unique temporary names: two processes on one data dir may archive the same file at once.
    const tmp = `${p.data}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, p.data);
    const full: ArchiveMeta = { sha256, bytes: bytes.byteLength, ...meta };
    await writeFile(`${tmp}.json`, `${JSON.stringify(full, null, 2)}\n`);
    await rename(`${tmp}.json`, p.meta);
    return { key: p.data, sha256, created: true };
  }

  async get(sha256: string) {
    const p = this.paths(sha256);
    try {
      const [bytes, meta] = await Promise.all([readFile(p.data), readFile(p.meta, 'utf8')]);
      return { bytes: new Uint8Array(bytes), meta: JSON.parse(meta) as ArchiveMeta };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

/** The AWS archive: an S3 bucket; objects are immutable and named by content. */
export class S3Archive implements RawArchive {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = 'raw/',
  ) {}

  async has(sha256: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${sha256}.json` }));
      return true;
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  async put(bytes: Uint8Array, meta: Omit<ArchiveMeta, 'sha256' | 'bytes'>) {
    const sha256 = sha256Hex(bytes);
    const key = `${this.prefix}${sha256}`;
    if (await this.has(sha256)) return { key, sha256, created: false };
    const full: ArchiveMeta = { sha256, bytes: bytes.byteLength, ...meta };
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes }));
    // The metadata object is written last: its presence means the archive entry is complete.
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${key}.json`,
        Body: JSON.stringify(full),
        ContentType: 'application/json',
      }),
    );
    return { key, sha256, created: true };
  }

  async get(sha256: string) {
    const key = `${this.prefix}${sha256}`;
    try {
      const [data, meta] = await Promise.all([
        this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
        this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${key}.json` })),
      ]);
      const bytes = await data.Body!.transformToByteArray();
      return { bytes, meta: JSON.parse(await meta.Body!.transformToString()) as ArchiveMeta };
    } catch (error) {
      const e = error as { name?: string };
      if (e.name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}
