package org.remoting.runtime;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal HTTP/2 client over a plain socket, for what grpc-java's client will not send: header
 * values with bytes outside printable ASCII, pings and stream resets as fast as the socket takes
 * them. Frames are written by hand (RFC 9113); header blocks are HPACK literals without Huffman
 * coding; the server's header blocks are read with Netty's HPACK decoder. Not thread-safe; for
 * tests only.
 */
final class RawHttp2Client implements AutoCloseable {
  static final int DATA = 0x0;
  static final int HEADERS = 0x1;
  static final int RST_STREAM = 0x3;
  static final int SETTINGS = 0x4;
  static final int PING = 0x6;
  static final int GOAWAY = 0x7;
  static final int CONTINUATION = 0x9;
  static final int END_STREAM = 0x1;
  static final int ACK = 0x1;
  static final int END_HEADERS = 0x4;
  /** HTTP/2 error code CANCEL. */
  static final int CANCEL = 0x8;
  /** HTTP/2 error code ENHANCE_YOUR_CALM. */
  static final int ENHANCE_YOUR_CALM = 0xb;
  private static final int MAX_FRAME = 16_384;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
  private int nextStream = 1;

  RawHttp2Client(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(US_ASCII));
    frame(SETTINGS, 0, 0, new byte[0]);
  }

  /**
   * Opens a stream with the headers of a unary gRPC call of {@code method} plus {@code extra}
   * (name to raw value bytes, sent as they are), and returns its id.
   */
  int startCall(String method, Map<String, byte[]> extra) throws IOException {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    headers.put(":method", bytes("POST"));
    headers.put(":scheme", bytes("http"));
    headers.put(":path", bytes("/" + method));
    headers.put(":authority", bytes("localhost"));
    headers.put("content-type", bytes("application/grpc"));
    headers.put("te", bytes("trailers"));
    headers.putAll(extra);
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> header : headers.entrySet()) {
      block.write(0x00); // literal header field without indexing, new name
      byte[] name = bytes(header.getKey());
      writeLength(block, name.length);
      block.write(name, 0, name.length);
      writeLength(block, header.getValue().length);
      block.write(header.getValue(), 0, header.getValue().length);
    }
    int stream = nextStream;
    nextStream += 2;
    byte[] all = block.toByteArray();
    int first = Math.min(all.length, MAX_FRAME);
    frame(HEADERS, first == all.length ? END_HEADERS : 0, stream, slice(all, 0, first));
    for (int at = first; at < all.length; at += MAX_FRAME) {
      int end = Math.min(all.length, at + MAX_FRAME);
      frame(CONTINUATION, end == all.length ? END_HEADERS : 0, stream, slice(all, at, end));
    }
    return stream;
  }

  /** Sends {@code message} as the stream's one gRPC message and half-closes. */
  void sendMessage(int stream, byte[] message) throws IOException {
    byte[] data = new byte[5 + message.length];
    data[1] = (byte) (message.length >>> 24);
    data[2] = (byte) (message.length >>> 16);
    data[3] = (byte) (message.length >>> 8);
    data[4] = (byte) message.length;
    System.arraycopy(message, 0, data, 5, message.length);
    frame(DATA, END_STREAM, stream, data);
  }

  void reset(int stream) throws IOException {
    frame(RST_STREAM, 0, stream, new byte[] {0, 0, 0, CANCEL});
  }

  void ping(long data) throws IOException {
    byte[] payload = new byte[8];
    for (int i = 0; i < 8; i++) {
      payload[i] = (byte) (data >>> (56 - 8 * i));
    }
    frame(PING, 0, 0, payload);
  }

  /** What ended a stream, or the connection. */
  record End(
      String httpStatus,
      String grpcStatus,
      String grpcMessage,
      int resetCode,
      int goAwayCode,
      String goAwayDebug,
      List<byte[]> messages) {
    boolean goAway() {
      return goAwayCode >= 0;
    }
  }

  /**
   * Reads frames until {@code stream} ends (trailers or RST_STREAM) or the server sends GOAWAY,
   * collecting the stream's messages; answers the server's SETTINGS and PINGs on the way. {@code
   * stream} 0 waits for GOAWAY only.
   *
   * @return the end, or {@code null} if the server said nothing more for {@code timeoutMillis}
   */
  /**
   * Acknowledges a SETTINGS or PING frame; the server may have closed the connection already
   * (after a GOAWAY still to be read), so a failed write is ignored.
   */
  private void acknowledge(int type, byte[] payload) throws IOException {
    try {
      frame(type, ACK, 0, payload);
    } catch (java.net.SocketException closedAlready) {
      // the frames still buffered for reading tell how the connection ended
    }
  }

  End awaitEnd(int stream, int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    ByteArrayOutputStream block = null;
    int blockFlags = 0;
    List<byte[]> messages = new ArrayList<>();
    while (true) {
      int length;
      try {
        length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
      } catch (SocketTimeoutException e) {
        return null;
      }
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      int id = in.readInt() & 0x7fff_ffff;
      byte[] payload = new byte[length];
      in.readFully(payload);
      switch (type) {
        case SETTINGS:
          if ((flags & ACK) == 0) {
            acknowledge(SETTINGS, new byte[0]);
          }
          break;
        case PING:
          if ((flags & ACK) == 0) {
            acknowledge(PING, payload);
          }
          break;
        case GOAWAY:
          int code = ((payload[4] & 0xff) << 24) | ((payload[5] & 0xff) << 16)
              | ((payload[6] & 0xff) << 8) | (payload[7] & 0xff);
          return new End(
              null,
              null,
              null,
              -1,
              code,
              new String(payload, 8, payload.length - 8, US_ASCII),
              messages);
        case RST_STREAM:
          if (id == stream) {
            return new End(null, null, null, payload[3] & 0xff, -1, null, messages);
          }
          break;
        case HEADERS:
        case CONTINUATION:
          if (type == HEADERS) {
            block = new ByteArrayOutputStream();
            blockFlags = flags;
          }
          block.write(payload, 0, payload.length);
          if ((flags & END_HEADERS) != 0) {
            Http2Headers headers = decode(id, block.toByteArray());
            if (id == stream && (blockFlags & END_STREAM) != 0) {
              return new End(
                  string(headers.status()),
                  string(headers.get("grpc-status")),
                  string(headers.get("grpc-message")),
                  -1,
                  -1,
                  null,
                  messages);
            }
          }
          break;
        case DATA: // small messages only: one whole gRPC message per frame
          if (id == stream && payload.length >= 5) {
            messages.add(Arrays.copyOfRange(payload, 5, payload.length));
          }
          break;
        default: // WINDOW_UPDATE: nothing to do for small messages
      }
    }
  }

  private Http2Headers decode(int stream, byte[] block) throws IOException {
    try {
      return decoder.decodeHeaders(stream, Unpooled.wrappedBuffer(block));
    } catch (Http2Exception e) {
      throw new IOException("cannot decode the server's headers", e);
    }
  }

  private static String string(CharSequence value) {
    return value == null ? null : value.toString();
  }

  private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    byte[] header = {
      (byte) (payload.length >>> 16),
      (byte) (payload.length >>> 8),
      (byte) payload.length,
      (byte) type,
      (byte) flags,
      (byte) (stream >>> 24),
      (byte) (stream >>> 16),
      (byte) (stream >>> 8),
      (byte) stream
    };
    out.write(header);
    out.write(payload);
    out.flush();
  }

  /** An HPACK integer with a 7-bit prefix (string length, no Huffman coding). */
  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 127) {
      out.write(length);
      return;
    }
    out.write(127);
    int rest = length - 127;
    while (rest >= 128) {
      out.write((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    out.write(rest);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(US_ASCII);
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    byte[] part = new byte[to - from];
    System.arraycopy(bytes, from, part, 0, part.length);
    return part;
  }

  boolean isClosedByServer() {
    try {
      socket.setSoTimeout(2_000);
      while (in.read() >= 0) {
        // drain what the server still sent
      }
      return true;
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
