import type { ThemeConfig } from 'antd';

/**
 * Calm and dense for a screen watched all day: small radii, compact tables, and a font
 * stack that has Chinese glyphs on every platform (Noto CJK on Linux).
 */
export const theme: ThemeConfig = {
  token: {
    borderRadius: 4,
    colorPrimary: '#1f6feb',
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
  },
  components: {
    Table: { cellPaddingBlockSM: 6, cellPaddingBlock: 10 },
    Layout: {
      headerHeight: 56,
      headerPadding: '0 24px',
      headerBg: '#ffffff',
      bodyBg: '#f4f5f7',
      siderBg: '#ffffff',
    },
    Card: { headerHeightSM: 40 },
  },
};
