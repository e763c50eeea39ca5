import { describe, expect, it } from 'vitest';
import { nameForType, sniffAudioType, sniffFileType } from './file-types.ts';

const bytes = (...parts: Array<number[] | string>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));

describe('audio recordings are told by their bytes', () => {
  it('knows MP3 (ID3 tag or frame header), M4A, AMR, WAV and Ogg', () => {
    expect(sniffAudioType(bytes('ID3', [4, 0, 0]), 'x.bin')).toEqual({ mime: 'audio/mpeg', ext: 'mp3' });
    expect(sniffAudioType(bytes([0xff, 0xfb, 0x90, 0x64]), 'lesson')).toEqual({ mime: 'audio/mpeg', ext: 'mp3' });
    expect(sniffAudioType(bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0]), 'rec')).toEqual({ mime: 'audio/mp4', ext: 'm4a' });
    expect(sniffAudioType(bytes([0, 0, 0, 0x20], 'ftypisom'), 'rec.m4a')).toEqual({ mime: 'audio/mp4', ext: 'm4a' });
    expect(sniffAudioType(bytes('#!AMR\n', [0x3c]), 'memo.amr')).toEqual({ mime: 'audio/amr', ext: 'amr' });
    expect(sniffAudioType(bytes('RIFF', [0, 0, 0, 0], 'WAVE'), 'a.wav')).toEqual({ mime: 'audio/wav', ext: 'wav' });
    expect(sniffAudioType(bytes('OggS', [0]), 'a.ogg')).toEqual({ mime: 'audio/ogg', ext: 'ogg' });
  });

  it('refuses what is not audio, whatever its name: a video, a JPEG, a script', () => {
    expect(sniffAudioType(bytes([0, 0, 0, 0x20], 'ftypisom'), 'film.mp4')).toBeNull();
    expect(sniffAudioType(bytes([0xff, 0xd8, 0xff, 0xe0]), 'photo.mp3')).toBeNull();
    expect(sniffAudioType(bytes('<script>'), 'x.mp3')).toBeNull();
    // A reserved MPEG version/layer is not a frame header.
    expect(sniffAudioType(bytes([0xff, 0xe8, 0x00]), 'x.mp3')).toBeNull();
  });

  it('leaves evidence as it was (no audio) and names a download by its type', () => {
    expect(sniffFileType(bytes('ID3', [4, 0, 0]), 'x.mp3')).toBeNull();
    expect(nameForType('广播录音', 'audio/mpeg')).toBe('广播录音.mp3');
    expect(nameForType('rec.M4A', 'audio/mp4')).toBe('rec.M4A');
    expect(nameForType('rec.html', 'audio/amr')).toBe('rec.html.amr');
  });
});
